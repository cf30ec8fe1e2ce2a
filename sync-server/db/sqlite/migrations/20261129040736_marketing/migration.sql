CREATE TABLE `email_claims` (
	`address` text NOT NULL,
	`entity` text NOT NULL,
	`record_id` text NOT NULL,
	`enforced` integer DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE `group_members` (
	`group_id` text NOT NULL,
	`record_id` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `groups` (
	`id` text PRIMARY KEY,
	`name` text NOT NULL,
	`entity` text NOT NULL,
	`kind` text NOT NULL,
	`criteria` text DEFAULT '{}' NOT NULL,
	`owner_id` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `notification` (
	`id` text PRIMARY KEY,
	`territory_id` text DEFAULT '' NOT NULL,
	`updated_at` text DEFAULT '' NOT NULL,
	`updated_by` text DEFAULT '' NOT NULL,
	`deleted` integer DEFAULT false NOT NULL,
	`kind` text DEFAULT '' NOT NULL,
	`status` text DEFAULT '' NOT NULL,
	`owner_id` text DEFAULT '' NOT NULL,
	`title` text DEFAULT '' NOT NULL,
	`body` text DEFAULT '' NOT NULL,
	`happened_at` text DEFAULT '' NOT NULL,
	`seq` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `profile_features` (
	`profile_id` text NOT NULL,
	`feature` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `server_settings` (
	`key` text PRIMARY KEY,
	`value` text NOT NULL,
	`updated_at` text NOT NULL,
	`updated_by` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `setting` (
	`id` text PRIMARY KEY,
	`territory_id` text DEFAULT '' NOT NULL,
	`updated_at` text DEFAULT '' NOT NULL,
	`updated_by` text DEFAULT '' NOT NULL,
	`deleted` integer DEFAULT false NOT NULL,
	`label` text DEFAULT '' NOT NULL,
	`value` text DEFAULT '' NOT NULL,
	`seq` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `email_claims_uq` ON `email_claims` (`entity`,`record_id`,`address`);--> statement-breakpoint
CREATE INDEX `email_claims_address_ix` ON `email_claims` (`address`);--> statement-breakpoint
CREATE UNIQUE INDEX `email_claims_enforced_uq` ON `email_claims` (`address`) WHERE enforced = 1;--> statement-breakpoint
CREATE UNIQUE INDEX `group_members_uq` ON `group_members` (`group_id`,`record_id`);--> statement-breakpoint
CREATE INDEX `groups_name_ix` ON `groups` (`name`);--> statement-breakpoint
CREATE UNIQUE INDEX `notification_seq_uq` ON `notification` (`seq`);--> statement-breakpoint
CREATE INDEX `notification_territory_ix` ON `notification` (`territory_id`);--> statement-breakpoint
CREATE INDEX `notification_status_ix` ON `notification` (`status`);--> statement-breakpoint
CREATE INDEX `notification_owner_id_ix` ON `notification` (`owner_id`);--> statement-breakpoint
CREATE INDEX `notification_happened_at_ix` ON `notification` (`happened_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `profile_features_uq` ON `profile_features` (`profile_id`,`feature`);--> statement-breakpoint
CREATE UNIQUE INDEX `setting_seq_uq` ON `setting` (`seq`);--> statement-breakpoint
CREATE INDEX `setting_territory_ix` ON `setting` (`territory_id`);