CREATE TABLE `call_vectors` (
	`call_id` integer PRIMARY KEY NOT NULL,
	`text_hash` text NOT NULL,
	`model_hash` text NOT NULL,
	`vector` blob NOT NULL,
	FOREIGN KEY (`call_id`) REFERENCES `calls`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `dismissals` (
	`istat` text NOT NULL,
	`call_id` integer NOT NULL,
	`reason` text NOT NULL,
	`note` text,
	`dismissed_at` text NOT NULL,
	`user_id` integer,
	PRIMARY KEY(`istat`, `call_id`),
	FOREIGN KEY (`istat`) REFERENCES `comuni`(`istat`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`call_id`) REFERENCES `calls`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `dismissals_call_idx` ON `dismissals` (`call_id`);--> statement-breakpoint
CREATE TABLE `match_runs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`trigger` text NOT NULL,
	`status` text NOT NULL,
	`started_at` text NOT NULL,
	`finished_at` text,
	`evaluated_at` text NOT NULL,
	`engine_version` text NOT NULL,
	`config_revision` integer NOT NULL,
	`config_fingerprint` text NOT NULL,
	`version_tag` text NOT NULL,
	`calls` integer DEFAULT 0 NOT NULL,
	`comuni` integer DEFAULT 0 NOT NULL,
	`pairs_considered` integer DEFAULT 0 NOT NULL,
	`eligible` integer DEFAULT 0 NOT NULL,
	`associated` integer DEFAULT 0 NOT NULL,
	`written` integer DEFAULT 0 NOT NULL,
	`deleted` integer DEFAULT 0 NOT NULL,
	`duration_ms` integer,
	`details` text DEFAULT '{}' NOT NULL,
	`error` text
);
--> statement-breakpoint
CREATE INDEX `match_runs_kind_idx` ON `match_runs` (`kind`,`status`,`id`);--> statement-breakpoint
CREATE TABLE `matches` (
	`call_id` integer NOT NULL,
	`comune` integer NOT NULL,
	`score` integer NOT NULL,
	`p_programmazione` integer NOT NULL,
	`p_maturita` integer NOT NULL,
	`p_importo` integer NOT NULL,
	`p_tempi` integer NOT NULL,
	`p_dimensione` integer NOT NULL,
	`p_segnalazioni` integer NOT NULL,
	`associated` integer NOT NULL,
	`claimable` real,
	`run_id` integer NOT NULL,
	PRIMARY KEY(`call_id`, `comune`)
);
--> statement-breakpoint
CREATE TABLE `programme_item_vectors` (
	`item_id` integer PRIMARY KEY NOT NULL,
	`text_hash` text NOT NULL,
	`model_hash` text NOT NULL,
	`vector` blob NOT NULL,
	FOREIGN KEY (`item_id`) REFERENCES `programme_items`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `scoring_configs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`revision` integer NOT NULL,
	`config` text NOT NULL,
	`fingerprint` text NOT NULL,
	`active` integer DEFAULT false NOT NULL,
	`created_at` text NOT NULL,
	`created_by_user_id` integer,
	`note` text,
	FOREIGN KEY (`created_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `scoring_configs_revision_idx` ON `scoring_configs` (`revision`);--> statement-breakpoint
CREATE UNIQUE INDEX `scoring_configs_active_idx` ON `scoring_configs` (`active`) WHERE active = 1;--> statement-breakpoint
CREATE TABLE `text_models` (
	`id` integer PRIMARY KEY NOT NULL,
	`hash` text NOT NULL,
	`version` integer NOT NULL,
	`documents` integer NOT NULL,
	`data` text NOT NULL,
	`built_at` text NOT NULL
);
