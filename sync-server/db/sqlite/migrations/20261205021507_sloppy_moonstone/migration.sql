ALTER TABLE `communication` ADD `custom_values` text DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE `company` ADD `custom_values` text DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE `lead` ADD `custom_values` text DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE `note` ADD `custom_values` text DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE `opportunity` ADD `custom_values` text DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE `order` ADD `custom_values` text DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE `person` ADD `custom_values` text DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE `quote` ADD `custom_values` text DEFAULT '{}' NOT NULL;