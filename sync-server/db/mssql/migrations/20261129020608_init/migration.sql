CREATE TABLE [communication] (
	[id] nvarchar(40),
	[territory_id] nvarchar(40) NOT NULL CONSTRAINT [communication_territory_id_default] DEFAULT (''),
	[updated_at] nvarchar(40) NOT NULL CONSTRAINT [communication_updated_at_default] DEFAULT (''),
	[updated_by] nvarchar(40) NOT NULL CONSTRAINT [communication_updated_by_default] DEFAULT (''),
	[deleted] bit NOT NULL CONSTRAINT [communication_deleted_default] DEFAULT ((0)),
	[kind] nvarchar(11) NOT NULL CONSTRAINT [communication_kind_default] DEFAULT (''),
	[subject] nvarchar(200) NOT NULL CONSTRAINT [communication_subject_default] DEFAULT (''),
	[starts_at] nvarchar(40) NOT NULL CONSTRAINT [communication_starts_at_default] DEFAULT (''),
	[ends_at] nvarchar(40) NOT NULL CONSTRAINT [communication_ends_at_default] DEFAULT (''),
	[time_zone] nvarchar(64) NOT NULL CONSTRAINT [communication_time_zone_default] DEFAULT (''),
	[all_day] bit NOT NULL CONSTRAINT [communication_all_day_default] DEFAULT ((0)),
	[status] nvarchar(11) NOT NULL CONSTRAINT [communication_status_default] DEFAULT (''),
	[priority] nvarchar(6) NOT NULL CONSTRAINT [communication_priority_default] DEFAULT (''),
	[company_id] nvarchar(40) NOT NULL CONSTRAINT [communication_company_id_default] DEFAULT (''),
	[person_id] nvarchar(40) NOT NULL CONSTRAINT [communication_person_id_default] DEFAULT (''),
	[location] nvarchar(200) NOT NULL CONSTRAINT [communication_location_default] DEFAULT (''),
	[details] nvarchar(4000) NOT NULL CONSTRAINT [communication_details_default] DEFAULT (''),
	[rv] rowversion NOT NULL,
	CONSTRAINT [communication_pkey] PRIMARY KEY([id])
);
--> statement-breakpoint
CREATE TABLE [company] (
	[id] nvarchar(40),
	[territory_id] nvarchar(40) NOT NULL CONSTRAINT [company_territory_id_default] DEFAULT (''),
	[updated_at] nvarchar(40) NOT NULL CONSTRAINT [company_updated_at_default] DEFAULT (''),
	[updated_by] nvarchar(40) NOT NULL CONSTRAINT [company_updated_by_default] DEFAULT (''),
	[deleted] bit NOT NULL CONSTRAINT [company_deleted_default] DEFAULT ((0)),
	[name] nvarchar(120) NOT NULL CONSTRAINT [company_name_default] DEFAULT (''),
	[type] nvarchar(8) NOT NULL CONSTRAINT [company_type_default] DEFAULT (''),
	[status] nvarchar(8) NOT NULL CONSTRAINT [company_status_default] DEFAULT (''),
	[industry] nvarchar(80) NOT NULL CONSTRAINT [company_industry_default] DEFAULT (''),
	[website] nvarchar(200) NOT NULL CONSTRAINT [company_website_default] DEFAULT (''),
	[emails] nvarchar(max) NOT NULL CONSTRAINT [company_emails_default] DEFAULT ('[]'),
	[phones] nvarchar(max) NOT NULL CONSTRAINT [company_phones_default] DEFAULT ('[]'),
	[addresses] nvarchar(max) NOT NULL CONSTRAINT [company_addresses_default] DEFAULT ('[]'),
	[rv] rowversion NOT NULL,
	CONSTRAINT [company_pkey] PRIMARY KEY([id])
);
--> statement-breakpoint
CREATE TABLE [conflict] (
	[id] nvarchar(40),
	[territory_id] nvarchar(40) NOT NULL CONSTRAINT [conflict_territory_id_default] DEFAULT (''),
	[updated_at] nvarchar(40) NOT NULL CONSTRAINT [conflict_updated_at_default] DEFAULT (''),
	[updated_by] nvarchar(40) NOT NULL CONSTRAINT [conflict_updated_by_default] DEFAULT (''),
	[deleted] bit NOT NULL CONSTRAINT [conflict_deleted_default] DEFAULT ((0)),
	[kind] nvarchar(8) NOT NULL CONSTRAINT [conflict_kind_default] DEFAULT (''),
	[status] nvarchar(9) NOT NULL CONSTRAINT [conflict_status_default] DEFAULT (''),
	[owner_id] nvarchar(40) NOT NULL CONSTRAINT [conflict_owner_id_default] DEFAULT (''),
	[entity] nvarchar(30) NOT NULL CONSTRAINT [conflict_entity_default] DEFAULT (''),
	[record_id] nvarchar(40) NOT NULL CONSTRAINT [conflict_record_id_default] DEFAULT (''),
	[record_title] nvarchar(200) NOT NULL CONSTRAINT [conflict_record_title_default] DEFAULT (''),
	[field] nvarchar(60) NOT NULL CONSTRAINT [conflict_field_default] DEFAULT (''),
	[mine] nvarchar(max) NOT NULL CONSTRAINT [conflict_mine_default] DEFAULT (''),
	[theirs] nvarchar(max) NOT NULL CONSTRAINT [conflict_theirs_default] DEFAULT (''),
	[winner_by] nvarchar(40) NOT NULL CONSTRAINT [conflict_winner_by_default] DEFAULT (''),
	[happened_at] nvarchar(40) NOT NULL CONSTRAINT [conflict_happened_at_default] DEFAULT (''),
	[reason] nvarchar(20) NOT NULL CONSTRAINT [conflict_reason_default] DEFAULT (''),
	[issues] nvarchar(max) NOT NULL CONSTRAINT [conflict_issues_default] DEFAULT (''),
	[rv] rowversion NOT NULL,
	CONSTRAINT [conflict_pkey] PRIMARY KEY([id])
);
--> statement-breakpoint
CREATE TABLE [lead] (
	[id] nvarchar(40),
	[territory_id] nvarchar(40) NOT NULL CONSTRAINT [lead_territory_id_default] DEFAULT (''),
	[updated_at] nvarchar(40) NOT NULL CONSTRAINT [lead_updated_at_default] DEFAULT (''),
	[updated_by] nvarchar(40) NOT NULL CONSTRAINT [lead_updated_by_default] DEFAULT (''),
	[deleted] bit NOT NULL CONSTRAINT [lead_deleted_default] DEFAULT ((0)),
	[description] nvarchar(200) NOT NULL CONSTRAINT [lead_description_default] DEFAULT (''),
	[stage] nvarchar(9) NOT NULL CONSTRAINT [lead_stage_default] DEFAULT (''),
	[source] nvarchar(8) NOT NULL CONSTRAINT [lead_source_default] DEFAULT (''),
	[company_name] nvarchar(120) NOT NULL CONSTRAINT [lead_company_name_default] DEFAULT (''),
	[first_name] nvarchar(60) NOT NULL CONSTRAINT [lead_first_name_default] DEFAULT (''),
	[last_name] nvarchar(60) NOT NULL CONSTRAINT [lead_last_name_default] DEFAULT (''),
	[estimated_value] float,
	[emails] nvarchar(max) NOT NULL CONSTRAINT [lead_emails_default] DEFAULT ('[]'),
	[phones] nvarchar(max) NOT NULL CONSTRAINT [lead_phones_default] DEFAULT ('[]'),
	[addresses] nvarchar(max) NOT NULL CONSTRAINT [lead_addresses_default] DEFAULT ('[]'),
	[details] nvarchar(4000) NOT NULL CONSTRAINT [lead_details_default] DEFAULT (''),
	[rv] rowversion NOT NULL,
	CONSTRAINT [lead_pkey] PRIMARY KEY([id])
);
--> statement-breakpoint
CREATE TABLE [note] (
	[id] nvarchar(40),
	[territory_id] nvarchar(40) NOT NULL CONSTRAINT [note_territory_id_default] DEFAULT (''),
	[updated_at] nvarchar(40) NOT NULL CONSTRAINT [note_updated_at_default] DEFAULT (''),
	[updated_by] nvarchar(40) NOT NULL CONSTRAINT [note_updated_by_default] DEFAULT (''),
	[deleted] bit NOT NULL CONSTRAINT [note_deleted_default] DEFAULT ((0)),
	[parent_type] nvarchar(7) NOT NULL CONSTRAINT [note_parent_type_default] DEFAULT (''),
	[parent_id] nvarchar(40) NOT NULL CONSTRAINT [note_parent_id_default] DEFAULT (''),
	[text] nvarchar(max) NOT NULL CONSTRAINT [note_text_default] DEFAULT (''),
	[rv] rowversion NOT NULL,
	CONSTRAINT [note_pkey] PRIMARY KEY([id])
);
--> statement-breakpoint
CREATE TABLE [person] (
	[id] nvarchar(40),
	[territory_id] nvarchar(40) NOT NULL CONSTRAINT [person_territory_id_default] DEFAULT (''),
	[updated_at] nvarchar(40) NOT NULL CONSTRAINT [person_updated_at_default] DEFAULT (''),
	[updated_by] nvarchar(40) NOT NULL CONSTRAINT [person_updated_by_default] DEFAULT (''),
	[deleted] bit NOT NULL CONSTRAINT [person_deleted_default] DEFAULT ((0)),
	[salutation] nvarchar(2) NOT NULL CONSTRAINT [person_salutation_default] DEFAULT (''),
	[first_name] nvarchar(60) NOT NULL CONSTRAINT [person_first_name_default] DEFAULT (''),
	[last_name] nvarchar(60) NOT NULL CONSTRAINT [person_last_name_default] DEFAULT (''),
	[company_id] nvarchar(40) NOT NULL CONSTRAINT [person_company_id_default] DEFAULT (''),
	[title] nvarchar(80) NOT NULL CONSTRAINT [person_title_default] DEFAULT (''),
	[emails] nvarchar(max) NOT NULL CONSTRAINT [person_emails_default] DEFAULT ('[]'),
	[phones] nvarchar(max) NOT NULL CONSTRAINT [person_phones_default] DEFAULT ('[]'),
	[addresses] nvarchar(max) NOT NULL CONSTRAINT [person_addresses_default] DEFAULT ('[]'),
	[rv] rowversion NOT NULL,
	CONSTRAINT [person_pkey] PRIMARY KEY([id])
);
--> statement-breakpoint
CREATE TABLE [profile_rights] (
	[profile_id] nvarchar(40) NOT NULL,
	[entity] nvarchar(30) NOT NULL,
	[territory_id] nvarchar(40) NOT NULL,
	[can_view] bit NOT NULL CONSTRAINT [profile_rights_can_view_default] DEFAULT ((0)),
	[can_insert] bit NOT NULL CONSTRAINT [profile_rights_can_insert_default] DEFAULT ((0)),
	[can_edit] bit NOT NULL CONSTRAINT [profile_rights_can_edit_default] DEFAULT ((0)),
	[can_delete] bit NOT NULL CONSTRAINT [profile_rights_can_delete_default] DEFAULT ((0))
);
--> statement-breakpoint
CREATE TABLE [profiles] (
	[id] nvarchar(40),
	[name] nvarchar(200) NOT NULL,
	CONSTRAINT [profiles_pkey] PRIMARY KEY([id])
);
--> statement-breakpoint
CREATE TABLE [scope_moves] (
	[seq] bigint,
	[entity] nvarchar(30) NOT NULL,
	[record_id] nvarchar(40) NOT NULL,
	[from_territory] nvarchar(40) NOT NULL,
	[to_territory] nvarchar(40) NOT NULL,
	CONSTRAINT [scope_moves_pkey] PRIMARY KEY([seq])
);
--> statement-breakpoint
CREATE TABLE [sessions] (
	[token_hash] nvarchar(128),
	[user_id] nvarchar(40) NOT NULL,
	[created_at] nvarchar(40) NOT NULL,
	[expires_at] nvarchar(40) NOT NULL,
	CONSTRAINT [sessions_pkey] PRIMARY KEY([token_hash])
);
--> statement-breakpoint
CREATE TABLE [territories] (
	[id] nvarchar(40),
	[name] nvarchar(200) NOT NULL,
	[parent_id] nvarchar(40) NOT NULL CONSTRAINT [territories_parent_id_default] DEFAULT (''),
	CONSTRAINT [territories_pkey] PRIMARY KEY([id])
);
--> statement-breakpoint
CREATE TABLE [users] (
	[id] nvarchar(40),
	[login] nvarchar(254) NOT NULL,
	[display_name] nvarchar(200) NOT NULL,
	[password_hash] nvarchar(400) NOT NULL,
	[role] nvarchar(20) NOT NULL,
	[territory_id] nvarchar(40) NOT NULL,
	[profile_id] nvarchar(40) NOT NULL CONSTRAINT [users_profile_id_default] DEFAULT (''),
	[locale] nvarchar(35) NOT NULL CONSTRAINT [users_locale_default] DEFAULT ('en'),
	[time_zone] nvarchar(64) NOT NULL CONSTRAINT [users_time_zone_default] DEFAULT ('UTC'),
	CONSTRAINT [users_pkey] PRIMARY KEY([id]),
	CONSTRAINT [users_login_uq] UNIQUE([login])
);
--> statement-breakpoint
CREATE UNIQUE INDEX [communication_rv_uq] ON [communication] ([rv]);--> statement-breakpoint
CREATE INDEX [communication_territory_ix] ON [communication] ([territory_id]);--> statement-breakpoint
CREATE INDEX [communication_kind_ix] ON [communication] ([kind]);--> statement-breakpoint
CREATE INDEX [communication_starts_at_ix] ON [communication] ([starts_at]);--> statement-breakpoint
CREATE INDEX [communication_company_id_ix] ON [communication] ([company_id]);--> statement-breakpoint
CREATE INDEX [communication_person_id_ix] ON [communication] ([person_id]);--> statement-breakpoint
CREATE UNIQUE INDEX [company_rv_uq] ON [company] ([rv]);--> statement-breakpoint
CREATE INDEX [company_territory_ix] ON [company] ([territory_id]);--> statement-breakpoint
CREATE INDEX [company_name_ix] ON [company] ([name]);--> statement-breakpoint
CREATE UNIQUE INDEX [conflict_rv_uq] ON [conflict] ([rv]);--> statement-breakpoint
CREATE INDEX [conflict_territory_ix] ON [conflict] ([territory_id]);--> statement-breakpoint
CREATE INDEX [conflict_status_ix] ON [conflict] ([status]);--> statement-breakpoint
CREATE INDEX [conflict_owner_id_ix] ON [conflict] ([owner_id]);--> statement-breakpoint
CREATE INDEX [conflict_record_id_ix] ON [conflict] ([record_id]);--> statement-breakpoint
CREATE INDEX [conflict_happened_at_ix] ON [conflict] ([happened_at]);--> statement-breakpoint
CREATE UNIQUE INDEX [lead_rv_uq] ON [lead] ([rv]);--> statement-breakpoint
CREATE INDEX [lead_territory_ix] ON [lead] ([territory_id]);--> statement-breakpoint
CREATE INDEX [lead_description_ix] ON [lead] ([description]);--> statement-breakpoint
CREATE UNIQUE INDEX [note_rv_uq] ON [note] ([rv]);--> statement-breakpoint
CREATE INDEX [note_territory_ix] ON [note] ([territory_id]);--> statement-breakpoint
CREATE INDEX [note_parent_id_ix] ON [note] ([parent_id]);--> statement-breakpoint
CREATE UNIQUE INDEX [person_rv_uq] ON [person] ([rv]);--> statement-breakpoint
CREATE INDEX [person_territory_ix] ON [person] ([territory_id]);--> statement-breakpoint
CREATE INDEX [person_last_name_ix] ON [person] ([last_name]);--> statement-breakpoint
CREATE INDEX [person_company_id_ix] ON [person] ([company_id]);--> statement-breakpoint
CREATE UNIQUE INDEX [profile_rights_uq] ON [profile_rights] ([profile_id],[entity],[territory_id]);--> statement-breakpoint
CREATE INDEX [scope_moves_entity_seq_ix] ON [scope_moves] ([entity],[seq]);