CREATE TABLE `alert_cursors` (
	`name` text PRIMARY KEY NOT NULL,
	`position` integer NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `alert_digest_items` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`subscription_id` integer NOT NULL,
	`frequency` text NOT NULL,
	`period_key` text NOT NULL,
	`send_after` text NOT NULL,
	`call_id` integer,
	`payload` text NOT NULL,
	`created_at` text NOT NULL,
	`outbox_id` integer,
	`sent_at` text,
	FOREIGN KEY (`subscription_id`) REFERENCES `alert_subscriptions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`call_id`) REFERENCES `calls`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `alert_digest_items_due_idx` ON `alert_digest_items` (`sent_at`,`send_after`);--> statement-breakpoint
CREATE INDEX `alert_digest_items_subscription_idx` ON `alert_digest_items` (`subscription_id`);--> statement-breakpoint
CREATE TABLE `alert_ledger` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`subscription_id` integer NOT NULL,
	`key` text NOT NULL,
	`route` text NOT NULL,
	`outbox_id` integer,
	`at` text NOT NULL,
	FOREIGN KEY (`subscription_id`) REFERENCES `alert_subscriptions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `alert_ledger_key_idx` ON `alert_ledger` (`subscription_id`,`key`);--> statement-breakpoint
CREATE INDEX `alert_ledger_at_idx` ON `alert_ledger` (`at`);--> statement-breakpoint
CREATE TABLE `alert_runs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`started_at` text NOT NULL,
	`finished_at` text,
	`status` text NOT NULL,
	`counts` text DEFAULT '{}' NOT NULL,
	`error` text
);
--> statement-breakpoint
CREATE INDEX `alert_runs_started_idx` ON `alert_runs` (`started_at`);--> statement-breakpoint
CREATE TABLE `alert_subscriptions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer,
	`email` text,
	`istat` text NOT NULL,
	`frequency` text NOT NULL,
	`min_score` integer NOT NULL,
	`themes` text DEFAULT '[]' NOT NULL,
	`reminder_days` text DEFAULT '[30,14,3]' NOT NULL,
	`change_alerts` integer DEFAULT true NOT NULL,
	`status` text NOT NULL,
	`salt` text NOT NULL,
	`confirm_token_hash` text,
	`confirm_expires_at` text,
	`pending_settings` text,
	`confirmed_at` text,
	`unsubscribed_at` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`istat`) REFERENCES `comuni`(`istat`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `alert_subscriptions_confirm_token_hash_unique` ON `alert_subscriptions` (`confirm_token_hash`);--> statement-breakpoint
CREATE UNIQUE INDEX `alert_subscriptions_user_idx` ON `alert_subscriptions` (`user_id`,`istat`);--> statement-breakpoint
CREATE UNIQUE INDEX `alert_subscriptions_email_idx` ON `alert_subscriptions` (`email`,`istat`);--> statement-breakpoint
CREATE INDEX `alert_subscriptions_istat_idx` ON `alert_subscriptions` (`istat`,`status`);--> statement-breakpoint
CREATE TABLE `notifications` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer NOT NULL,
	`kind` text NOT NULL,
	`key` text NOT NULL,
	`title` text NOT NULL,
	`body` text NOT NULL,
	`link` text NOT NULL,
	`created_at` text NOT NULL,
	`read_at` text,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `notifications_user_key_idx` ON `notifications` (`user_id`,`key`);--> statement-breakpoint
CREATE INDEX `notifications_unread_idx` ON `notifications` (`user_id`,`read_at`,`id`);