CREATE TABLE [document_contents] (
	[document_id] nvarchar(40),
	[content] varbinary(max) NOT NULL,
	CONSTRAINT [document_contents_pkey] PRIMARY KEY([document_id])
);
--> statement-breakpoint
CREATE TABLE [documents] (
	[id] nvarchar(40),
	[entity] nvarchar(30) NOT NULL,
	[record_id] nvarchar(40) NOT NULL,
	[via_entity] nvarchar(30) NOT NULL CONSTRAINT [documents_via_entity_default] DEFAULT (''),
	[via_record_id] nvarchar(40) NOT NULL CONSTRAINT [documents_via_record_id_default] DEFAULT (''),
	[name] nvarchar(255) NOT NULL,
	[name_key] nvarchar(255) NOT NULL,
	[content_type] nvarchar(100) NOT NULL,
	[size] bigint NOT NULL,
	[sha256] nvarchar(64) NOT NULL,
	[storage] nvarchar(10) NOT NULL,
	[policy] nvarchar(10) NOT NULL,
	[territory_id] nvarchar(40) NOT NULL,
	[owner_id] nvarchar(40) NOT NULL,
	[created_at] nvarchar(40) NOT NULL,
	[updated_at] nvarchar(40) NOT NULL,
	[updated_by] nvarchar(40) NOT NULL,
	CONSTRAINT [documents_pkey] PRIMARY KEY([id])
);
--> statement-breakpoint
CREATE INDEX [documents_record_ix] ON [documents] ([entity],[record_id]);--> statement-breakpoint
CREATE INDEX [documents_via_ix] ON [documents] ([via_entity],[via_record_id]);--> statement-breakpoint
CREATE INDEX [documents_created_ix] ON [documents] ([created_at],[id]);