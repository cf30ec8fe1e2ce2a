CREATE TABLE `server_events` (
	`id` text PRIMARY KEY,
	`kind` text NOT NULL,
	`user_id` text DEFAULT '' NOT NULL,
	`keep` text DEFAULT '' NOT NULL,
	`collection` text DEFAULT '' NOT NULL,
	`origin` text NOT NULL,
	`created_at` text NOT NULL,
	`seq` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `server_events_created_ix` ON `server_events` (`created_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `server_events_seq_uq` ON `server_events` (`seq`);