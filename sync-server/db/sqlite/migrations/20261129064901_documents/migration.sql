CREATE TABLE `document_contents` (
	`document_id` text PRIMARY KEY,
	`content` blob NOT NULL
);
--> statement-breakpoint
CREATE TABLE `documents` (
	`id` text PRIMARY KEY,
	`entity` text NOT NULL,
	`record_id` text NOT NULL,
	`via_entity` text DEFAULT '' NOT NULL,
	`via_record_id` text DEFAULT '' NOT NULL,
	`name` text NOT NULL,
	`name_key` text NOT NULL,
	`content_type` text NOT NULL,
	`size` integer NOT NULL,
	`sha256` text NOT NULL,
	`storage` text NOT NULL,
	`policy` text NOT NULL,
	`territory_id` text NOT NULL,
	`owner_id` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`updated_by` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `documents_record_ix` ON `documents` (`entity`,`record_id`);--> statement-breakpoint
CREATE INDEX `documents_via_ix` ON `documents` (`via_entity`,`via_record_id`);--> statement-breakpoint
CREATE INDEX `documents_created_ix` ON `documents` (`created_at`,`id`);