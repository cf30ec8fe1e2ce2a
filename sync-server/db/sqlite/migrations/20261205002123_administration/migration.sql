CREATE TABLE `api_tokens` (
	`id` text PRIMARY KEY,
	`user_id` text NOT NULL,
	`name` text NOT NULL,
	`token_hash` text NOT NULL UNIQUE,
	`created_at` text NOT NULL,
	`last_used_at` text DEFAULT '' NOT NULL
);
--> statement-breakpoint
CREATE TABLE `audit_log` (
	`id` text PRIMARY KEY,
	`at` text NOT NULL,
	`actor_id` text NOT NULL,
	`actor_login` text NOT NULL,
	`action` text NOT NULL,
	`target_type` text NOT NULL,
	`target_id` text NOT NULL,
	`before_json` text NOT NULL,
	`after_json` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `forecasts` (
	`id` text PRIMARY KEY,
	`user_id` text NOT NULL,
	`period` text NOT NULL,
	`period_start` text NOT NULL,
	`amount` integer NOT NULL,
	`currency` text NOT NULL,
	`updated_at` text NOT NULL,
	`updated_by` text NOT NULL
);
--> statement-breakpoint
ALTER TABLE `sessions` ADD `last_seen_at` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `sessions` ADD `user_agent` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `sessions` ADD `address` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `users` ADD `email` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `users` ADD `disabled` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `users` ADD `must_change_password` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `users` ADD `reports_to` text DEFAULT '' NOT NULL;--> statement-breakpoint
CREATE INDEX `api_tokens_user_ix` ON `api_tokens` (`user_id`);--> statement-breakpoint
CREATE INDEX `audit_log_at_ix` ON `audit_log` (`at`,`id`);--> statement-breakpoint
CREATE UNIQUE INDEX `forecasts_user_period_uq` ON `forecasts` (`user_id`,`period`);--> statement-breakpoint
CREATE INDEX `forecasts_period_ix` ON `forecasts` (`period_start`);--> statement-breakpoint
CREATE INDEX `sessions_user_ix` ON `sessions` (`user_id`);