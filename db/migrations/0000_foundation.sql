CREATE TABLE `comuni` (
	`istat` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`name_folded` text NOT NULL,
	`province_sigla` text NOT NULL,
	`province_code` text NOT NULL,
	`region_code` text NOT NULL,
	`region_name` text NOT NULL,
	`cadastral_code` text,
	`population` integer NOT NULL,
	`population_year` integer NOT NULL,
	`population_month` integer,
	`population_source` text NOT NULL,
	`size_cluster` text NOT NULL,
	`is_capoluogo` integer DEFAULT false NOT NULL,
	`suppressed` integer DEFAULT false NOT NULL,
	`successor_istat` text,
	`suppressed_on` text,
	`name_source` text NOT NULL,
	`rematch_pending` integer DEFAULT true NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`successor_istat`) REFERENCES `comuni`(`istat`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `comuni_province_idx` ON `comuni` (`province_sigla`);--> statement-breakpoint
CREATE INDEX `comuni_cluster_idx` ON `comuni` (`size_cluster`);--> statement-breakpoint
CREATE INDEX `comuni_name_folded_idx` ON `comuni` (`name_folded`);--> statement-breakpoint
CREATE TABLE `aggregation_members` (
	`aggregation_id` integer NOT NULL,
	`istat` text NOT NULL,
	PRIMARY KEY(`aggregation_id`, `istat`),
	FOREIGN KEY (`aggregation_id`) REFERENCES `aggregations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`istat`) REFERENCES `comuni`(`istat`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `aggregation_members_istat_idx` ON `aggregation_members` (`istat`);--> statement-breakpoint
CREATE TABLE `aggregations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`type` text NOT NULL,
	`lead_istat` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`lead_istat`) REFERENCES `comuni`(`istat`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `aggregations_name_idx` ON `aggregations` (`name`);--> statement-breakpoint
CREATE TABLE `themes` (
	`key` text PRIMARY KEY NOT NULL,
	`label` text NOT NULL,
	`keywords` text NOT NULL,
	`position` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `runs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`type` text NOT NULL,
	`kind` text NOT NULL,
	`input` text NOT NULL,
	`status` text NOT NULL,
	`started_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`finished_at` text,
	`read` integer DEFAULT 0 NOT NULL,
	`created` integer DEFAULT 0 NOT NULL,
	`updated` integer DEFAULT 0 NOT NULL,
	`unchanged` integer DEFAULT 0 NOT NULL,
	`rejected` integer DEFAULT 0 NOT NULL,
	`rejects` text DEFAULT '[]' NOT NULL,
	`details` text DEFAULT '{}' NOT NULL,
	`error` text,
	`actor` text
);
--> statement-breakpoint
CREATE INDEX `runs_kind_idx` ON `runs` (`kind`,`started_at`);--> statement-breakpoint
CREATE TABLE `settings` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `security_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` text NOT NULL,
	`actor` text NOT NULL,
	`action` text NOT NULL,
	`target` text,
	`ip` text
);
--> statement-breakpoint
CREATE INDEX `security_log_at_idx` ON `security_log` (`at`);--> statement-breakpoint
CREATE TABLE `sessions` (
	`id_hash` text PRIMARY KEY NOT NULL,
	`user_id` integer NOT NULL,
	`created_at` text NOT NULL,
	`last_seen_at` text NOT NULL,
	`expires_at` text NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `sessions_user_idx` ON `sessions` (`user_id`);--> statement-breakpoint
CREATE INDEX `sessions_expires_idx` ON `sessions` (`expires_at`);--> statement-breakpoint
CREATE TABLE `user_comuni` (
	`user_id` integer NOT NULL,
	`istat` text NOT NULL,
	PRIMARY KEY(`user_id`, `istat`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`istat`) REFERENCES `comuni`(`istat`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `user_comuni_istat_idx` ON `user_comuni` (`istat`);--> statement-breakpoint
CREATE TABLE `users` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`email` text NOT NULL,
	`name` text,
	`role` text NOT NULL,
	`password_hash` text,
	`password_changed_at` text,
	`disabled_at` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_email_unique` ON `users` (`email`);