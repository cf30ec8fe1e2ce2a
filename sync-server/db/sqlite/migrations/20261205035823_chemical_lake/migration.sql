CREATE TABLE `customRecord` (
	`id` text PRIMARY KEY,
	`territory_id` text DEFAULT '' NOT NULL,
	`updated_at` text DEFAULT '' NOT NULL,
	`updated_by` text DEFAULT '' NOT NULL,
	`deleted` integer DEFAULT false NOT NULL,
	`entity_key` text DEFAULT '' NOT NULL,
	`name` text DEFAULT '' NOT NULL,
	`company_id` text DEFAULT '' NOT NULL,
	`person_id` text DEFAULT '' NOT NULL,
	`owner_id` text DEFAULT '' NOT NULL,
	`details` text DEFAULT '' NOT NULL,
	`custom_values` text DEFAULT '{}' NOT NULL,
	`seq` integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE `communication` ADD `regarding_id` text DEFAULT '' NOT NULL;--> statement-breakpoint
CREATE INDEX `communication_regarding_id_ix` ON `communication` (`regarding_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `customRecord_seq_uq` ON `customRecord` (`seq`);--> statement-breakpoint
CREATE INDEX `customRecord_territory_seq_ix` ON `customRecord` (`territory_id`,`seq`);--> statement-breakpoint
CREATE INDEX `customRecord_entity_key_ix` ON `customRecord` (`entity_key`);--> statement-breakpoint
CREATE INDEX `customRecord_name_ix` ON `customRecord` (`name`);--> statement-breakpoint
CREATE INDEX `customRecord_company_id_ix` ON `customRecord` (`company_id`);--> statement-breakpoint
CREATE INDEX `customRecord_person_id_ix` ON `customRecord` (`person_id`);--> statement-breakpoint
CREATE INDEX `customRecord_owner_id_ix` ON `customRecord` (`owner_id`);