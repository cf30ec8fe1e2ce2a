CREATE TABLE [calendar_feeds] (
	[token_hash] nvarchar(128),
	[user_id] nvarchar(40) NOT NULL,
	[created_at] nvarchar(40) NOT NULL,
	CONSTRAINT [calendar_feeds_pkey] PRIMARY KEY([token_hash])
);
--> statement-breakpoint
CREATE UNIQUE INDEX [calendar_feeds_user_uq] ON [calendar_feeds] ([user_id]);