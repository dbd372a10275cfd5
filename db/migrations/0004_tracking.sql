CREATE TABLE `call_tracking` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`istat` text NOT NULL,
	`call_id` integer NOT NULL,
	`stage` text NOT NULL,
	`notes` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`updated_by_user_id` integer,
	FOREIGN KEY (`istat`) REFERENCES `comuni`(`istat`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`call_id`) REFERENCES `calls`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`updated_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `call_tracking_comune_call_idx` ON `call_tracking` (`istat`,`call_id`);--> statement-breakpoint
CREATE INDEX `call_tracking_call_idx` ON `call_tracking` (`call_id`);--> statement-breakpoint
CREATE TABLE `call_tracking_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`tracking_id` integer NOT NULL,
	`at` text NOT NULL,
	`from_stage` text,
	`to_stage` text,
	`notes` text,
	`user_id` integer,
	FOREIGN KEY (`tracking_id`) REFERENCES `call_tracking`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `call_tracking_events_tracking_idx` ON `call_tracking_events` (`tracking_id`,`at`);