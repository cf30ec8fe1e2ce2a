CREATE TABLE [filed_messages] (
	[message_key] nvarchar(64),
	[communication_id] nvarchar(40) NOT NULL,
	[filed_by] nvarchar(40) NOT NULL,
	[filed_at] nvarchar(40) NOT NULL,
	CONSTRAINT [filed_messages_pkey] PRIMARY KEY([message_key])
);
