ALTER TABLE `communication` ADD `owner_id` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `communication` ADD `phone` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `communication` ADD `email` text DEFAULT '' NOT NULL;--> statement-breakpoint
CREATE INDEX `communication_owner_id_ix` ON `communication` (`owner_id`);