CREATE TABLE [server_events] (
	[id] nvarchar(40),
	[kind] nvarchar(10) NOT NULL,
	[user_id] nvarchar(40) NOT NULL CONSTRAINT [server_events_user_id_default] DEFAULT (''),
	[keep] nvarchar(128) NOT NULL CONSTRAINT [server_events_keep_default] DEFAULT (''),
	[collection] nvarchar(30) NOT NULL CONSTRAINT [server_events_collection_default] DEFAULT (''),
	[origin] nvarchar(40) NOT NULL,
	[created_at] nvarchar(40) NOT NULL,
	[rv] rowversion NOT NULL,
	CONSTRAINT [server_events_pkey] PRIMARY KEY([id])
);
--> statement-breakpoint
CREATE INDEX [server_events_created_ix] ON [server_events] ([created_at]);--> statement-breakpoint
CREATE UNIQUE INDEX [server_events_rv_uq] ON [server_events] ([rv]);