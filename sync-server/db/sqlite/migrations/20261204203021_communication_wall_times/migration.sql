ALTER TABLE `communication` ADD `local_start` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `communication` ADD `local_end` text DEFAULT '' NOT NULL;