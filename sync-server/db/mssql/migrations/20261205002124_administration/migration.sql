CREATE TABLE [api_tokens] (
	[id] nvarchar(40),
	[user_id] nvarchar(40) NOT NULL,
	[name] nvarchar(100) NOT NULL,
	[token_hash] nvarchar(128) NOT NULL,
	[created_at] nvarchar(40) NOT NULL,
	[last_used_at] nvarchar(40) NOT NULL CONSTRAINT [api_tokens_last_used_at_default] DEFAULT (''),
	CONSTRAINT [api_tokens_pkey] PRIMARY KEY([id]),
	CONSTRAINT [api_tokens_hash_uq] UNIQUE([token_hash])
);
--> statement-breakpoint
CREATE TABLE [audit_log] (
	[id] nvarchar(40),
	[at] nvarchar(40) NOT NULL,
	[actor_id] nvarchar(40) NOT NULL,
	[actor_login] nvarchar(254) NOT NULL,
	[action] nvarchar(60) NOT NULL,
	[target_type] nvarchar(30) NOT NULL,
	[target_id] nvarchar(80) NOT NULL,
	[before_json] nvarchar(max) NOT NULL,
	[after_json] nvarchar(max) NOT NULL,
	CONSTRAINT [audit_log_pkey] PRIMARY KEY([id])
);
--> statement-breakpoint
CREATE TABLE [forecasts] (
	[id] nvarchar(60),
	[user_id] nvarchar(40) NOT NULL,
	[period] nvarchar(7) NOT NULL,
	[period_start] nvarchar(10) NOT NULL,
	[amount] bigint NOT NULL,
	[currency] nvarchar(3) NOT NULL,
	[updated_at] nvarchar(40) NOT NULL,
	[updated_by] nvarchar(40) NOT NULL,
	CONSTRAINT [forecasts_pkey] PRIMARY KEY([id])
);
--> statement-breakpoint
ALTER TABLE [sessions] ADD [last_seen_at] nvarchar(40) NOT NULL CONSTRAINT [sessions_last_seen_at_default] DEFAULT ('');--> statement-breakpoint
ALTER TABLE [sessions] ADD [user_agent] nvarchar(400) NOT NULL CONSTRAINT [sessions_user_agent_default] DEFAULT ('');--> statement-breakpoint
ALTER TABLE [sessions] ADD [address] nvarchar(64) NOT NULL CONSTRAINT [sessions_address_default] DEFAULT ('');--> statement-breakpoint
ALTER TABLE [users] ADD [email] nvarchar(254) NOT NULL CONSTRAINT [users_email_default] DEFAULT ('');--> statement-breakpoint
ALTER TABLE [users] ADD [disabled] bit NOT NULL CONSTRAINT [users_disabled_default] DEFAULT ((0));--> statement-breakpoint
ALTER TABLE [users] ADD [must_change_password] bit NOT NULL CONSTRAINT [users_must_change_password_default] DEFAULT ((0));--> statement-breakpoint
ALTER TABLE [users] ADD [reports_to] nvarchar(40) NOT NULL CONSTRAINT [users_reports_to_default] DEFAULT ('');--> statement-breakpoint
CREATE INDEX [api_tokens_user_ix] ON [api_tokens] ([user_id]);--> statement-breakpoint
CREATE INDEX [audit_log_at_ix] ON [audit_log] ([at],[id]);--> statement-breakpoint
CREATE UNIQUE INDEX [forecasts_user_period_uq] ON [forecasts] ([user_id],[period]);--> statement-breakpoint
CREATE INDEX [forecasts_period_ix] ON [forecasts] ([period_start]);--> statement-breakpoint
CREATE INDEX [sessions_user_ix] ON [sessions] ([user_id]);