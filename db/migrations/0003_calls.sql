CREATE TABLE `call_sources` (
	`alias` text PRIMARY KEY NOT NULL,
	`fonte` text NOT NULL,
	`source_id` text NOT NULL,
	`adapter` text NOT NULL,
	`call_id` integer NOT NULL,
	`origin_call_id` integer NOT NULL,
	`merge_reason` text,
	`content_hash` text NOT NULL,
	`snapshot` text NOT NULL,
	`suggestions` text DEFAULT '[]' NOT NULL,
	`first_seen_at` text NOT NULL,
	`last_seen_at` text NOT NULL,
	`last_run_id` integer,
	FOREIGN KEY (`call_id`) REFERENCES `calls`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`origin_call_id`) REFERENCES `calls`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`last_run_id`) REFERENCES `runs`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `call_sources_call_idx` ON `call_sources` (`call_id`);--> statement-breakpoint
CREATE INDEX `call_sources_fonte_idx` ON `call_sources` (`fonte`,`source_id`);--> statement-breakpoint
CREATE TABLE `call_versions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`call_id` integer NOT NULL,
	`version` integer NOT NULL,
	`at` text NOT NULL,
	`actor_type` text NOT NULL,
	`actor` text NOT NULL,
	`run_id` integer,
	`action` text NOT NULL,
	`review_state` text NOT NULL,
	`changed_fields` text DEFAULT '[]' NOT NULL,
	`snapshot` text NOT NULL,
	`note` text,
	FOREIGN KEY (`call_id`) REFERENCES `calls`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`run_id`) REFERENCES `runs`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `call_versions_call_idx` ON `call_versions` (`call_id`,`id`);--> statement-breakpoint
CREATE INDEX `call_versions_at_idx` ON `call_versions` (`at`);--> statement-breakpoint
CREATE TABLE `calls` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`public_id` text NOT NULL,
	`title` text NOT NULL,
	`issuer` text NOT NULL,
	`issuer_level` text,
	`description` text,
	`url` text,
	`themes` text DEFAULT '[]' NOT NULL,
	`themes_source` text DEFAULT 'auto' NOT NULL,
	`beneficiaries` text DEFAULT '[]' NOT NULL,
	`territory` text NOT NULL,
	`population_min` integer,
	`population_max` integer,
	`associated_only` integer DEFAULT false NOT NULL,
	`budget` real,
	`amount_min` real,
	`amount_max` real,
	`amount_bands` text DEFAULT '[]' NOT NULL,
	`cofinancing_pct` real,
	`opens_at` text,
	`deadline` text,
	`procedure` text,
	`pnrr_measure` text,
	`search_text` text DEFAULT '' NOT NULL,
	`suggestions` text DEFAULT '[]' NOT NULL,
	`curator_fields` text DEFAULT '[]' NOT NULL,
	`review_state` text DEFAULT 'da-revisionare' NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`content_hash` text NOT NULL,
	`pending` text,
	`pending_since` text,
	`pending_run_id` integer,
	`rematch_pending` integer DEFAULT false NOT NULL,
	`merged_into_id` integer,
	`published_at` text,
	`live_updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`pending_run_id`) REFERENCES `runs`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`merged_into_id`) REFERENCES `calls`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `calls_public_id_idx` ON `calls` (`public_id`);--> statement-breakpoint
CREATE INDEX `calls_review_state_idx` ON `calls` (`review_state`,`deadline`);--> statement-breakpoint
CREATE INDEX `calls_merged_into_idx` ON `calls` (`merged_into_id`);--> statement-breakpoint
CREATE INDEX `calls_rematch_idx` ON `calls` (`rematch_pending`);--> statement-breakpoint
CREATE TABLE `ingest_sources` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`adapter` text NOT NULL,
	`url` text NOT NULL,
	`schedule` text NOT NULL,
	`enabled` integer DEFAULT true NOT NULL,
	`publish` integer DEFAULT false NOT NULL,
	`next_run_at` text,
	`last_run_at` text,
	`last_run_id` integer,
	`last_status` text,
	`last_error` text,
	`lease_owner` text,
	`lease_until` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_by` text,
	FOREIGN KEY (`last_run_id`) REFERENCES `runs`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `ingest_sources_next_idx` ON `ingest_sources` (`enabled`,`next_run_at`);