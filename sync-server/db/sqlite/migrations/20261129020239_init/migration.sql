CREATE TABLE `communication` (
	`id` text PRIMARY KEY,
	`territory_id` text DEFAULT '' NOT NULL,
	`updated_at` text DEFAULT '' NOT NULL,
	`updated_by` text DEFAULT '' NOT NULL,
	`deleted` integer DEFAULT false NOT NULL,
	`kind` text DEFAULT '' NOT NULL,
	`subject` text DEFAULT '' NOT NULL,
	`starts_at` text DEFAULT '' NOT NULL,
	`ends_at` text DEFAULT '' NOT NULL,
	`time_zone` text DEFAULT '' NOT NULL,
	`all_day` integer DEFAULT false NOT NULL,
	`status` text DEFAULT '' NOT NULL,
	`priority` text DEFAULT '' NOT NULL,
	`company_id` text DEFAULT '' NOT NULL,
	`person_id` text DEFAULT '' NOT NULL,
	`location` text DEFAULT '' NOT NULL,
	`details` text DEFAULT '' NOT NULL,
	`seq` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `company` (
	`id` text PRIMARY KEY,
	`territory_id` text DEFAULT '' NOT NULL,
	`updated_at` text DEFAULT '' NOT NULL,
	`updated_by` text DEFAULT '' NOT NULL,
	`deleted` integer DEFAULT false NOT NULL,
	`name` text DEFAULT '' NOT NULL,
	`type` text DEFAULT '' NOT NULL,
	`status` text DEFAULT '' NOT NULL,
	`industry` text DEFAULT '' NOT NULL,
	`website` text DEFAULT '' NOT NULL,
	`emails` text DEFAULT '[]' NOT NULL,
	`phones` text DEFAULT '[]' NOT NULL,
	`addresses` text DEFAULT '[]' NOT NULL,
	`seq` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `conflict` (
	`id` text PRIMARY KEY,
	`territory_id` text DEFAULT '' NOT NULL,
	`updated_at` text DEFAULT '' NOT NULL,
	`updated_by` text DEFAULT '' NOT NULL,
	`deleted` integer DEFAULT false NOT NULL,
	`kind` text DEFAULT '' NOT NULL,
	`status` text DEFAULT '' NOT NULL,
	`owner_id` text DEFAULT '' NOT NULL,
	`entity` text DEFAULT '' NOT NULL,
	`record_id` text DEFAULT '' NOT NULL,
	`record_title` text DEFAULT '' NOT NULL,
	`field` text DEFAULT '' NOT NULL,
	`mine` text DEFAULT '' NOT NULL,
	`theirs` text DEFAULT '' NOT NULL,
	`winner_by` text DEFAULT '' NOT NULL,
	`happened_at` text DEFAULT '' NOT NULL,
	`reason` text DEFAULT '' NOT NULL,
	`issues` text DEFAULT '' NOT NULL,
	`seq` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `lead` (
	`id` text PRIMARY KEY,
	`territory_id` text DEFAULT '' NOT NULL,
	`updated_at` text DEFAULT '' NOT NULL,
	`updated_by` text DEFAULT '' NOT NULL,
	`deleted` integer DEFAULT false NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`stage` text DEFAULT '' NOT NULL,
	`source` text DEFAULT '' NOT NULL,
	`company_name` text DEFAULT '' NOT NULL,
	`first_name` text DEFAULT '' NOT NULL,
	`last_name` text DEFAULT '' NOT NULL,
	`estimated_value` real,
	`emails` text DEFAULT '[]' NOT NULL,
	`phones` text DEFAULT '[]' NOT NULL,
	`addresses` text DEFAULT '[]' NOT NULL,
	`details` text DEFAULT '' NOT NULL,
	`seq` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `note` (
	`id` text PRIMARY KEY,
	`territory_id` text DEFAULT '' NOT NULL,
	`updated_at` text DEFAULT '' NOT NULL,
	`updated_by` text DEFAULT '' NOT NULL,
	`deleted` integer DEFAULT false NOT NULL,
	`parent_type` text DEFAULT '' NOT NULL,
	`parent_id` text DEFAULT '' NOT NULL,
	`text` text DEFAULT '' NOT NULL,
	`seq` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `person` (
	`id` text PRIMARY KEY,
	`territory_id` text DEFAULT '' NOT NULL,
	`updated_at` text DEFAULT '' NOT NULL,
	`updated_by` text DEFAULT '' NOT NULL,
	`deleted` integer DEFAULT false NOT NULL,
	`salutation` text DEFAULT '' NOT NULL,
	`first_name` text DEFAULT '' NOT NULL,
	`last_name` text DEFAULT '' NOT NULL,
	`company_id` text DEFAULT '' NOT NULL,
	`title` text DEFAULT '' NOT NULL,
	`emails` text DEFAULT '[]' NOT NULL,
	`phones` text DEFAULT '[]' NOT NULL,
	`addresses` text DEFAULT '[]' NOT NULL,
	`seq` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `profile_rights` (
	`profile_id` text NOT NULL,
	`entity` text NOT NULL,
	`territory_id` text NOT NULL,
	`can_view` integer DEFAULT false NOT NULL,
	`can_insert` integer DEFAULT false NOT NULL,
	`can_edit` integer DEFAULT false NOT NULL,
	`can_delete` integer DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE `profiles` (
	`id` text PRIMARY KEY,
	`name` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `scope_moves` (
	`seq` integer PRIMARY KEY,
	`entity` text NOT NULL,
	`record_id` text NOT NULL,
	`from_territory` text NOT NULL,
	`to_territory` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `sessions` (
	`token_hash` text PRIMARY KEY,
	`user_id` text NOT NULL,
	`created_at` text NOT NULL,
	`expires_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `sync_state` (
	`id` integer PRIMARY KEY,
	`seq` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `territories` (
	`id` text PRIMARY KEY,
	`name` text NOT NULL,
	`parent_id` text DEFAULT '' NOT NULL
);
--> statement-breakpoint
CREATE TABLE `users` (
	`id` text PRIMARY KEY,
	`login` text NOT NULL UNIQUE,
	`display_name` text NOT NULL,
	`password_hash` text NOT NULL,
	`role` text NOT NULL,
	`territory_id` text NOT NULL,
	`profile_id` text DEFAULT '' NOT NULL,
	`locale` text DEFAULT 'en' NOT NULL,
	`time_zone` text DEFAULT 'UTC' NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `communication_seq_uq` ON `communication` (`seq`);--> statement-breakpoint
CREATE INDEX `communication_territory_ix` ON `communication` (`territory_id`);--> statement-breakpoint
CREATE INDEX `communication_kind_ix` ON `communication` (`kind`);--> statement-breakpoint
CREATE INDEX `communication_starts_at_ix` ON `communication` (`starts_at`);--> statement-breakpoint
CREATE INDEX `communication_company_id_ix` ON `communication` (`company_id`);--> statement-breakpoint
CREATE INDEX `communication_person_id_ix` ON `communication` (`person_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `company_seq_uq` ON `company` (`seq`);--> statement-breakpoint
CREATE INDEX `company_territory_ix` ON `company` (`territory_id`);--> statement-breakpoint
CREATE INDEX `company_name_ix` ON `company` (`name`);--> statement-breakpoint
CREATE UNIQUE INDEX `conflict_seq_uq` ON `conflict` (`seq`);--> statement-breakpoint
CREATE INDEX `conflict_territory_ix` ON `conflict` (`territory_id`);--> statement-breakpoint
CREATE INDEX `conflict_status_ix` ON `conflict` (`status`);--> statement-breakpoint
CREATE INDEX `conflict_owner_id_ix` ON `conflict` (`owner_id`);--> statement-breakpoint
CREATE INDEX `conflict_record_id_ix` ON `conflict` (`record_id`);--> statement-breakpoint
CREATE INDEX `conflict_happened_at_ix` ON `conflict` (`happened_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `lead_seq_uq` ON `lead` (`seq`);--> statement-breakpoint
CREATE INDEX `lead_territory_ix` ON `lead` (`territory_id`);--> statement-breakpoint
CREATE INDEX `lead_description_ix` ON `lead` (`description`);--> statement-breakpoint
CREATE UNIQUE INDEX `note_seq_uq` ON `note` (`seq`);--> statement-breakpoint
CREATE INDEX `note_territory_ix` ON `note` (`territory_id`);--> statement-breakpoint
CREATE INDEX `note_parent_id_ix` ON `note` (`parent_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `person_seq_uq` ON `person` (`seq`);--> statement-breakpoint
CREATE INDEX `person_territory_ix` ON `person` (`territory_id`);--> statement-breakpoint
CREATE INDEX `person_last_name_ix` ON `person` (`last_name`);--> statement-breakpoint
CREATE INDEX `person_company_id_ix` ON `person` (`company_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `profile_rights_uq` ON `profile_rights` (`profile_id`,`entity`,`territory_id`);--> statement-breakpoint
CREATE INDEX `scope_moves_entity_seq_ix` ON `scope_moves` (`entity`,`seq`);