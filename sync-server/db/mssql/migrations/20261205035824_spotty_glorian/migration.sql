CREATE TABLE [customRecord] (
	[id] nvarchar(40),
	[territory_id] nvarchar(40) NOT NULL CONSTRAINT [customRecord_territory_id_default] DEFAULT (''),
	[updated_at] nvarchar(40) NOT NULL CONSTRAINT [customRecord_updated_at_default] DEFAULT (''),
	[updated_by] nvarchar(40) NOT NULL CONSTRAINT [customRecord_updated_by_default] DEFAULT (''),
	[deleted] bit NOT NULL CONSTRAINT [customRecord_deleted_default] DEFAULT ((0)),
	[entity_key] nvarchar(30) NOT NULL CONSTRAINT [customRecord_entity_key_default] DEFAULT (''),
	[name] nvarchar(200) NOT NULL CONSTRAINT [customRecord_name_default] DEFAULT (''),
	[company_id] nvarchar(40) NOT NULL CONSTRAINT [customRecord_company_id_default] DEFAULT (''),
	[person_id] nvarchar(40) NOT NULL CONSTRAINT [customRecord_person_id_default] DEFAULT (''),
	[owner_id] nvarchar(40) NOT NULL CONSTRAINT [customRecord_owner_id_default] DEFAULT (''),
	[details] nvarchar(4000) NOT NULL CONSTRAINT [customRecord_details_default] DEFAULT (''),
	[custom_values] nvarchar(max) NOT NULL CONSTRAINT [customRecord_custom_values_default] DEFAULT ('{}'),
	[rv] rowversion NOT NULL,
	CONSTRAINT [customRecord_pkey] PRIMARY KEY([id])
);
--> statement-breakpoint
ALTER TABLE [communication] ADD [regarding_id] nvarchar(40) NOT NULL CONSTRAINT [communication_regarding_id_default] DEFAULT ('');--> statement-breakpoint
CREATE INDEX [communication_regarding_id_ix] ON [communication] ([regarding_id]);--> statement-breakpoint
CREATE UNIQUE INDEX [customRecord_rv_uq] ON [customRecord] ([rv]);--> statement-breakpoint
CREATE INDEX [customRecord_territory_seq_ix] ON [customRecord] ([territory_id],[rv]);--> statement-breakpoint
CREATE INDEX [customRecord_entity_key_ix] ON [customRecord] ([entity_key]);--> statement-breakpoint
CREATE INDEX [customRecord_name_ix] ON [customRecord] ([name]);--> statement-breakpoint
CREATE INDEX [customRecord_company_id_ix] ON [customRecord] ([company_id]);--> statement-breakpoint
CREATE INDEX [customRecord_person_id_ix] ON [customRecord] ([person_id]);--> statement-breakpoint
CREATE INDEX [customRecord_owner_id_ix] ON [customRecord] ([owner_id]);