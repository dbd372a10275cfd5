CREATE TABLE `funding_records` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`istat` text NOT NULL,
	`source` text NOT NULL,
	`measure` text NOT NULL,
	`measure_name` text NOT NULL,
	`notice` text NOT NULL,
	`window` text NOT NULL,
	`amount_cents` integer NOT NULL,
	`status` text NOT NULL,
	`applied_at` text,
	`funded_on` text,
	`status_date` text,
	`cup` text,
	`ipa_code` text,
	`entity_name` text NOT NULL,
	`decree` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`istat`) REFERENCES `comuni`(`istat`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `funding_records_key_idx` ON `funding_records` (`source`,`istat`,`notice`,`window`);--> statement-breakpoint
CREATE INDEX `funding_records_istat_idx` ON `funding_records` (`istat`);--> statement-breakpoint
CREATE INDEX `funding_records_measure_idx` ON `funding_records` (`measure`);--> statement-breakpoint
CREATE TABLE `maturity_entries` (
	`istat` text NOT NULL,
	`key` text NOT NULL,
	`state` text NOT NULL,
	`date` text,
	`set_by` text NOT NULL,
	`set_by_user_id` integer,
	`source` text,
	`updated_at` text NOT NULL,
	PRIMARY KEY(`istat`, `key`),
	FOREIGN KEY (`istat`) REFERENCES `comuni`(`istat`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`set_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE TABLE `peer_comparisons` (
	`istat` text NOT NULL,
	`measure` text NOT NULL,
	`scope` text NOT NULL,
	`peers` integer NOT NULL,
	`peers_funded` integer NOT NULL,
	`median_cents` integer,
	`own_cents` integer,
	`own_renounced` integer NOT NULL,
	`computed_at` text NOT NULL,
	PRIMARY KEY(`istat`, `measure`, `scope`),
	FOREIGN KEY (`istat`) REFERENCES `comuni`(`istat`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `programme_items` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`istat` text NOT NULL,
	`title` text NOT NULL,
	`title_key` text NOT NULL,
	`description` text,
	`themes` text NOT NULL,
	`amount_cents` integer,
	`start_year` integer,
	`end_year` integer,
	`instrument` text NOT NULL,
	`state` text NOT NULL,
	`origin` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`istat`) REFERENCES `comuni`(`istat`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `programme_items_key_idx` ON `programme_items` (`istat`,`instrument`,`title_key`);