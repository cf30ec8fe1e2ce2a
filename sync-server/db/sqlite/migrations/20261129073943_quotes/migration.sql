CREATE TABLE `merge_templates` (
	`id` text PRIMARY KEY,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`entity` text NOT NULL,
	`subject` text DEFAULT '' NOT NULL,
	`body` text NOT NULL,
	`owner_id` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `merged_documents` (
	`id` text PRIMARY KEY,
	`entity` text NOT NULL,
	`record_id` text NOT NULL,
	`template_id` text NOT NULL,
	`title` text NOT NULL,
	`file_name` text NOT NULL,
	`locale` text NOT NULL,
	`html` text NOT NULL,
	`size` integer NOT NULL,
	`created_by` text NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `opportunity` (
	`id` text PRIMARY KEY,
	`territory_id` text DEFAULT '' NOT NULL,
	`updated_at` text DEFAULT '' NOT NULL,
	`updated_by` text DEFAULT '' NOT NULL,
	`deleted` integer DEFAULT false NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`company_id` text DEFAULT '' NOT NULL,
	`person_id` text DEFAULT '' NOT NULL,
	`stage` text DEFAULT '' NOT NULL,
	`currency` text DEFAULT '' NOT NULL,
	`forecast` integer,
	`close_date` text DEFAULT '' NOT NULL,
	`owner_id` text DEFAULT '' NOT NULL,
	`details` text DEFAULT '' NOT NULL,
	`seq` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `order` (
	`id` text PRIMARY KEY,
	`territory_id` text DEFAULT '' NOT NULL,
	`updated_at` text DEFAULT '' NOT NULL,
	`updated_by` text DEFAULT '' NOT NULL,
	`deleted` integer DEFAULT false NOT NULL,
	`reference` text DEFAULT '' NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`company_id` text DEFAULT '' NOT NULL,
	`person_id` text DEFAULT '' NOT NULL,
	`opportunity_id` text DEFAULT '' NOT NULL,
	`quote_id` text DEFAULT '' NOT NULL,
	`status` text DEFAULT '' NOT NULL,
	`ordered_at` text DEFAULT '' NOT NULL,
	`delivery_date` text DEFAULT '' NOT NULL,
	`owner_id` text DEFAULT '' NOT NULL,
	`currency` text DEFAULT '' NOT NULL,
	`tax_rate` integer,
	`subtotal` integer,
	`tax` integer,
	`total` integer,
	`notes` text DEFAULT '' NOT NULL,
	`seq` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `orderItem` (
	`id` text PRIMARY KEY,
	`territory_id` text DEFAULT '' NOT NULL,
	`updated_at` text DEFAULT '' NOT NULL,
	`updated_by` text DEFAULT '' NOT NULL,
	`deleted` integer DEFAULT false NOT NULL,
	`order_id` text DEFAULT '' NOT NULL,
	`line_no` real,
	`product_id` text DEFAULT '' NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`quantity` integer,
	`currency` text DEFAULT '' NOT NULL,
	`list_price` integer,
	`discount_type` text DEFAULT '' NOT NULL,
	`discount_percent` integer,
	`discount_amount` integer,
	`quoted_price` integer,
	`line_total` integer,
	`seq` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `product` (
	`id` text PRIMARY KEY,
	`territory_id` text DEFAULT '' NOT NULL,
	`updated_at` text DEFAULT '' NOT NULL,
	`updated_by` text DEFAULT '' NOT NULL,
	`deleted` integer DEFAULT false NOT NULL,
	`name` text DEFAULT '' NOT NULL,
	`code` text DEFAULT '' NOT NULL,
	`unit` text DEFAULT '' NOT NULL,
	`status` text DEFAULT '' NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`seq` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `productPrice` (
	`id` text PRIMARY KEY,
	`territory_id` text DEFAULT '' NOT NULL,
	`updated_at` text DEFAULT '' NOT NULL,
	`updated_by` text DEFAULT '' NOT NULL,
	`deleted` integer DEFAULT false NOT NULL,
	`product_id` text DEFAULT '' NOT NULL,
	`currency` text DEFAULT '' NOT NULL,
	`list_price` integer,
	`seq` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `quote` (
	`id` text PRIMARY KEY,
	`territory_id` text DEFAULT '' NOT NULL,
	`updated_at` text DEFAULT '' NOT NULL,
	`updated_by` text DEFAULT '' NOT NULL,
	`deleted` integer DEFAULT false NOT NULL,
	`reference` text DEFAULT '' NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`company_id` text DEFAULT '' NOT NULL,
	`person_id` text DEFAULT '' NOT NULL,
	`opportunity_id` text DEFAULT '' NOT NULL,
	`status` text DEFAULT '' NOT NULL,
	`issued_at` text DEFAULT '' NOT NULL,
	`valid_until` text DEFAULT '' NOT NULL,
	`owner_id` text DEFAULT '' NOT NULL,
	`currency` text DEFAULT '' NOT NULL,
	`tax_rate` integer,
	`subtotal` integer,
	`tax` integer,
	`total` integer,
	`notes` text DEFAULT '' NOT NULL,
	`seq` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `quoteItem` (
	`id` text PRIMARY KEY,
	`territory_id` text DEFAULT '' NOT NULL,
	`updated_at` text DEFAULT '' NOT NULL,
	`updated_by` text DEFAULT '' NOT NULL,
	`deleted` integer DEFAULT false NOT NULL,
	`quote_id` text DEFAULT '' NOT NULL,
	`line_no` real,
	`product_id` text DEFAULT '' NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`quantity` integer,
	`currency` text DEFAULT '' NOT NULL,
	`list_price` integer,
	`discount_type` text DEFAULT '' NOT NULL,
	`discount_percent` integer,
	`discount_amount` integer,
	`quoted_price` integer,
	`line_total` integer,
	`seq` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `merge_templates_name_ix` ON `merge_templates` (`name`);--> statement-breakpoint
CREATE INDEX `merged_documents_record_ix` ON `merged_documents` (`entity`,`record_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `opportunity_seq_uq` ON `opportunity` (`seq`);--> statement-breakpoint
CREATE INDEX `opportunity_territory_ix` ON `opportunity` (`territory_id`);--> statement-breakpoint
CREATE INDEX `opportunity_description_ix` ON `opportunity` (`description`);--> statement-breakpoint
CREATE INDEX `opportunity_company_id_ix` ON `opportunity` (`company_id`);--> statement-breakpoint
CREATE INDEX `opportunity_person_id_ix` ON `opportunity` (`person_id`);--> statement-breakpoint
CREATE INDEX `opportunity_owner_id_ix` ON `opportunity` (`owner_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `order_seq_uq` ON `order` (`seq`);--> statement-breakpoint
CREATE INDEX `order_territory_ix` ON `order` (`territory_id`);--> statement-breakpoint
CREATE INDEX `order_reference_ix` ON `order` (`reference`);--> statement-breakpoint
CREATE INDEX `order_company_id_ix` ON `order` (`company_id`);--> statement-breakpoint
CREATE INDEX `order_person_id_ix` ON `order` (`person_id`);--> statement-breakpoint
CREATE INDEX `order_opportunity_id_ix` ON `order` (`opportunity_id`);--> statement-breakpoint
CREATE INDEX `order_quote_id_ix` ON `order` (`quote_id`);--> statement-breakpoint
CREATE INDEX `order_status_ix` ON `order` (`status`);--> statement-breakpoint
CREATE INDEX `order_ordered_at_ix` ON `order` (`ordered_at`);--> statement-breakpoint
CREATE INDEX `order_owner_id_ix` ON `order` (`owner_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `orderItem_seq_uq` ON `orderItem` (`seq`);--> statement-breakpoint
CREATE INDEX `orderItem_territory_ix` ON `orderItem` (`territory_id`);--> statement-breakpoint
CREATE INDEX `orderItem_order_id_ix` ON `orderItem` (`order_id`);--> statement-breakpoint
CREATE INDEX `orderItem_product_id_ix` ON `orderItem` (`product_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `product_seq_uq` ON `product` (`seq`);--> statement-breakpoint
CREATE INDEX `product_territory_ix` ON `product` (`territory_id`);--> statement-breakpoint
CREATE INDEX `product_name_ix` ON `product` (`name`);--> statement-breakpoint
CREATE INDEX `product_code_ix` ON `product` (`code`);--> statement-breakpoint
CREATE UNIQUE INDEX `productPrice_seq_uq` ON `productPrice` (`seq`);--> statement-breakpoint
CREATE INDEX `productPrice_territory_ix` ON `productPrice` (`territory_id`);--> statement-breakpoint
CREATE INDEX `productPrice_product_id_ix` ON `productPrice` (`product_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `quote_seq_uq` ON `quote` (`seq`);--> statement-breakpoint
CREATE INDEX `quote_territory_ix` ON `quote` (`territory_id`);--> statement-breakpoint
CREATE INDEX `quote_reference_ix` ON `quote` (`reference`);--> statement-breakpoint
CREATE INDEX `quote_company_id_ix` ON `quote` (`company_id`);--> statement-breakpoint
CREATE INDEX `quote_person_id_ix` ON `quote` (`person_id`);--> statement-breakpoint
CREATE INDEX `quote_opportunity_id_ix` ON `quote` (`opportunity_id`);--> statement-breakpoint
CREATE INDEX `quote_status_ix` ON `quote` (`status`);--> statement-breakpoint
CREATE INDEX `quote_issued_at_ix` ON `quote` (`issued_at`);--> statement-breakpoint
CREATE INDEX `quote_owner_id_ix` ON `quote` (`owner_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `quoteItem_seq_uq` ON `quoteItem` (`seq`);--> statement-breakpoint
CREATE INDEX `quoteItem_territory_ix` ON `quoteItem` (`territory_id`);--> statement-breakpoint
CREATE INDEX `quoteItem_quote_id_ix` ON `quoteItem` (`quote_id`);--> statement-breakpoint
CREATE INDEX `quoteItem_product_id_ix` ON `quoteItem` (`product_id`);