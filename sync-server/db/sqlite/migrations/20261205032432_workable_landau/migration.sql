CREATE TABLE `filed_messages` (
	`message_key` text PRIMARY KEY,
	`communication_id` text NOT NULL,
	`filed_by` text NOT NULL,
	`filed_at` text NOT NULL
);
