DROP INDEX IF EXISTS `communication_territory_ix`;--> statement-breakpoint
DROP INDEX IF EXISTS `company_territory_ix`;--> statement-breakpoint
DROP INDEX IF EXISTS `conflict_territory_ix`;--> statement-breakpoint
DROP INDEX IF EXISTS `lead_territory_ix`;--> statement-breakpoint
DROP INDEX IF EXISTS `note_territory_ix`;--> statement-breakpoint
DROP INDEX IF EXISTS `notification_territory_ix`;--> statement-breakpoint
DROP INDEX IF EXISTS `opportunity_territory_ix`;--> statement-breakpoint
DROP INDEX IF EXISTS `order_territory_ix`;--> statement-breakpoint
DROP INDEX IF EXISTS `orderItem_territory_ix`;--> statement-breakpoint
DROP INDEX IF EXISTS `person_territory_ix`;--> statement-breakpoint
DROP INDEX IF EXISTS `product_territory_ix`;--> statement-breakpoint
DROP INDEX IF EXISTS `productPrice_territory_ix`;--> statement-breakpoint
DROP INDEX IF EXISTS `quote_territory_ix`;--> statement-breakpoint
DROP INDEX IF EXISTS `quoteItem_territory_ix`;--> statement-breakpoint
DROP INDEX IF EXISTS `setting_territory_ix`;--> statement-breakpoint
CREATE INDEX `communication_territory_seq_ix` ON `communication` (`territory_id`,`seq`);--> statement-breakpoint
CREATE INDEX `company_territory_seq_ix` ON `company` (`territory_id`,`seq`);--> statement-breakpoint
CREATE INDEX `conflict_territory_seq_ix` ON `conflict` (`territory_id`,`seq`);--> statement-breakpoint
CREATE INDEX `lead_territory_seq_ix` ON `lead` (`territory_id`,`seq`);--> statement-breakpoint
CREATE INDEX `note_territory_seq_ix` ON `note` (`territory_id`,`seq`);--> statement-breakpoint
CREATE INDEX `notification_territory_seq_ix` ON `notification` (`territory_id`,`seq`);--> statement-breakpoint
CREATE INDEX `opportunity_territory_seq_ix` ON `opportunity` (`territory_id`,`seq`);--> statement-breakpoint
CREATE INDEX `order_territory_seq_ix` ON `order` (`territory_id`,`seq`);--> statement-breakpoint
CREATE INDEX `orderItem_territory_seq_ix` ON `orderItem` (`territory_id`,`seq`);--> statement-breakpoint
CREATE INDEX `person_territory_seq_ix` ON `person` (`territory_id`,`seq`);--> statement-breakpoint
CREATE INDEX `product_territory_seq_ix` ON `product` (`territory_id`,`seq`);--> statement-breakpoint
CREATE INDEX `productPrice_territory_seq_ix` ON `productPrice` (`territory_id`,`seq`);--> statement-breakpoint
CREATE INDEX `quote_territory_seq_ix` ON `quote` (`territory_id`,`seq`);--> statement-breakpoint
CREATE INDEX `quoteItem_territory_seq_ix` ON `quoteItem` (`territory_id`,`seq`);--> statement-breakpoint
CREATE INDEX `setting_territory_seq_ix` ON `setting` (`territory_id`,`seq`);