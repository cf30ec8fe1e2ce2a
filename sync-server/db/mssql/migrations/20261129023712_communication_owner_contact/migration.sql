ALTER TABLE [communication] ADD [owner_id] nvarchar(40) NOT NULL CONSTRAINT [communication_owner_id_default] DEFAULT ('');--> statement-breakpoint
ALTER TABLE [communication] ADD [phone] nvarchar(40) NOT NULL CONSTRAINT [communication_phone_default] DEFAULT ('');--> statement-breakpoint
ALTER TABLE [communication] ADD [email] nvarchar(254) NOT NULL CONSTRAINT [communication_email_default] DEFAULT ('');--> statement-breakpoint
CREATE INDEX [communication_owner_id_ix] ON [communication] ([owner_id]);