DROP INDEX [communication_territory_ix] ON [communication];--> statement-breakpoint
DROP INDEX [company_territory_ix] ON [company];--> statement-breakpoint
DROP INDEX [conflict_territory_ix] ON [conflict];--> statement-breakpoint
DROP INDEX [lead_territory_ix] ON [lead];--> statement-breakpoint
DROP INDEX [note_territory_ix] ON [note];--> statement-breakpoint
DROP INDEX [notification_territory_ix] ON [notification];--> statement-breakpoint
DROP INDEX [opportunity_territory_ix] ON [opportunity];--> statement-breakpoint
DROP INDEX [order_territory_ix] ON [order];--> statement-breakpoint
DROP INDEX [orderItem_territory_ix] ON [orderItem];--> statement-breakpoint
DROP INDEX [person_territory_ix] ON [person];--> statement-breakpoint
DROP INDEX [product_territory_ix] ON [product];--> statement-breakpoint
DROP INDEX [productPrice_territory_ix] ON [productPrice];--> statement-breakpoint
DROP INDEX [quote_territory_ix] ON [quote];--> statement-breakpoint
DROP INDEX [quoteItem_territory_ix] ON [quoteItem];--> statement-breakpoint
DROP INDEX [setting_territory_ix] ON [setting];--> statement-breakpoint
CREATE INDEX [communication_territory_seq_ix] ON [communication] ([territory_id],[rv]);--> statement-breakpoint
CREATE INDEX [company_territory_seq_ix] ON [company] ([territory_id],[rv]);--> statement-breakpoint
CREATE INDEX [conflict_territory_seq_ix] ON [conflict] ([territory_id],[rv]);--> statement-breakpoint
CREATE INDEX [lead_territory_seq_ix] ON [lead] ([territory_id],[rv]);--> statement-breakpoint
CREATE INDEX [note_territory_seq_ix] ON [note] ([territory_id],[rv]);--> statement-breakpoint
CREATE INDEX [notification_territory_seq_ix] ON [notification] ([territory_id],[rv]);--> statement-breakpoint
CREATE INDEX [opportunity_territory_seq_ix] ON [opportunity] ([territory_id],[rv]);--> statement-breakpoint
CREATE INDEX [order_territory_seq_ix] ON [order] ([territory_id],[rv]);--> statement-breakpoint
CREATE INDEX [orderItem_territory_seq_ix] ON [orderItem] ([territory_id],[rv]);--> statement-breakpoint
CREATE INDEX [person_territory_seq_ix] ON [person] ([territory_id],[rv]);--> statement-breakpoint
CREATE INDEX [product_territory_seq_ix] ON [product] ([territory_id],[rv]);--> statement-breakpoint
CREATE INDEX [productPrice_territory_seq_ix] ON [productPrice] ([territory_id],[rv]);--> statement-breakpoint
CREATE INDEX [quote_territory_seq_ix] ON [quote] ([territory_id],[rv]);--> statement-breakpoint
CREATE INDEX [quoteItem_territory_seq_ix] ON [quoteItem] ([territory_id],[rv]);--> statement-breakpoint
CREATE INDEX [setting_territory_seq_ix] ON [setting] ([territory_id],[rv]);