CREATE TABLE [email_claims] (
	[address] nvarchar(254) NOT NULL,
	[entity] nvarchar(30) NOT NULL,
	[record_id] nvarchar(40) NOT NULL,
	[enforced] bit NOT NULL CONSTRAINT [email_claims_enforced_default] DEFAULT ((0))
);
--> statement-breakpoint
CREATE TABLE [group_members] (
	[group_id] nvarchar(40) NOT NULL,
	[record_id] nvarchar(40) NOT NULL
);
--> statement-breakpoint
CREATE TABLE [groups] (
	[id] nvarchar(40),
	[name] nvarchar(120) NOT NULL,
	[entity] nvarchar(30) NOT NULL,
	[kind] nvarchar(10) NOT NULL,
	[criteria] nvarchar(4000) NOT NULL CONSTRAINT [groups_criteria_default] DEFAULT ('{}'),
	[owner_id] nvarchar(40) NOT NULL,
	[created_at] nvarchar(40) NOT NULL,
	[updated_at] nvarchar(40) NOT NULL,
	CONSTRAINT [groups_pkey] PRIMARY KEY([id])
);
--> statement-breakpoint
CREATE TABLE [notification] (
	[id] nvarchar(40),
	[territory_id] nvarchar(40) NOT NULL CONSTRAINT [notification_territory_id_default] DEFAULT (''),
	[updated_at] nvarchar(40) NOT NULL CONSTRAINT [notification_updated_at_default] DEFAULT (''),
	[updated_by] nvarchar(40) NOT NULL CONSTRAINT [notification_updated_by_default] DEFAULT (''),
	[deleted] bit NOT NULL CONSTRAINT [notification_deleted_default] DEFAULT ((0)),
	[kind] nvarchar(9) NOT NULL CONSTRAINT [notification_kind_default] DEFAULT (''),
	[status] nvarchar(6) NOT NULL CONSTRAINT [notification_status_default] DEFAULT (''),
	[owner_id] nvarchar(40) NOT NULL CONSTRAINT [notification_owner_id_default] DEFAULT (''),
	[title] nvarchar(200) NOT NULL CONSTRAINT [notification_title_default] DEFAULT (''),
	[body] nvarchar(max) NOT NULL CONSTRAINT [notification_body_default] DEFAULT (''),
	[happened_at] nvarchar(40) NOT NULL CONSTRAINT [notification_happened_at_default] DEFAULT (''),
	[rv] rowversion NOT NULL,
	CONSTRAINT [notification_pkey] PRIMARY KEY([id])
);
--> statement-breakpoint
CREATE TABLE [profile_features] (
	[profile_id] nvarchar(40) NOT NULL,
	[feature] nvarchar(40) NOT NULL
);
--> statement-breakpoint
CREATE TABLE [server_settings] (
	[key] nvarchar(80),
	[value] nvarchar(max) NOT NULL,
	[updated_at] nvarchar(40) NOT NULL,
	[updated_by] nvarchar(40) NOT NULL,
	CONSTRAINT [server_settings_pkey] PRIMARY KEY([key])
);
--> statement-breakpoint
CREATE TABLE [setting] (
	[id] nvarchar(40),
	[territory_id] nvarchar(40) NOT NULL CONSTRAINT [setting_territory_id_default] DEFAULT (''),
	[updated_at] nvarchar(40) NOT NULL CONSTRAINT [setting_updated_at_default] DEFAULT (''),
	[updated_by] nvarchar(40) NOT NULL CONSTRAINT [setting_updated_by_default] DEFAULT (''),
	[deleted] bit NOT NULL CONSTRAINT [setting_deleted_default] DEFAULT ((0)),
	[label] nvarchar(80) NOT NULL CONSTRAINT [setting_label_default] DEFAULT (''),
	[value] nvarchar(4000) NOT NULL CONSTRAINT [setting_value_default] DEFAULT (''),
	[rv] rowversion NOT NULL,
	CONSTRAINT [setting_pkey] PRIMARY KEY([id])
);
--> statement-breakpoint
CREATE UNIQUE INDEX [email_claims_uq] ON [email_claims] ([entity],[record_id],[address]);--> statement-breakpoint
CREATE INDEX [email_claims_address_ix] ON [email_claims] ([address]);--> statement-breakpoint
CREATE UNIQUE INDEX [email_claims_enforced_uq] ON [email_claims] ([address]) WHERE [enforced] = 1;--> statement-breakpoint
CREATE UNIQUE INDEX [group_members_uq] ON [group_members] ([group_id],[record_id]);--> statement-breakpoint
CREATE INDEX [groups_name_ix] ON [groups] ([name]);--> statement-breakpoint
CREATE UNIQUE INDEX [notification_rv_uq] ON [notification] ([rv]);--> statement-breakpoint
CREATE INDEX [notification_territory_ix] ON [notification] ([territory_id]);--> statement-breakpoint
CREATE INDEX [notification_status_ix] ON [notification] ([status]);--> statement-breakpoint
CREATE INDEX [notification_owner_id_ix] ON [notification] ([owner_id]);--> statement-breakpoint
CREATE INDEX [notification_happened_at_ix] ON [notification] ([happened_at]);--> statement-breakpoint
CREATE UNIQUE INDEX [profile_features_uq] ON [profile_features] ([profile_id],[feature]);--> statement-breakpoint
CREATE UNIQUE INDEX [setting_rv_uq] ON [setting] ([rv]);--> statement-breakpoint
CREATE INDEX [setting_territory_ix] ON [setting] ([territory_id]);