ALTER TABLE [communication] ADD [custom_values] nvarchar(max) NOT NULL CONSTRAINT [communication_custom_values_default] DEFAULT ('{}');--> statement-breakpoint
ALTER TABLE [company] ADD [custom_values] nvarchar(max) NOT NULL CONSTRAINT [company_custom_values_default] DEFAULT ('{}');--> statement-breakpoint
ALTER TABLE [lead] ADD [custom_values] nvarchar(max) NOT NULL CONSTRAINT [lead_custom_values_default] DEFAULT ('{}');--> statement-breakpoint
ALTER TABLE [note] ADD [custom_values] nvarchar(max) NOT NULL CONSTRAINT [note_custom_values_default] DEFAULT ('{}');--> statement-breakpoint
ALTER TABLE [opportunity] ADD [custom_values] nvarchar(max) NOT NULL CONSTRAINT [opportunity_custom_values_default] DEFAULT ('{}');--> statement-breakpoint
ALTER TABLE [order] ADD [custom_values] nvarchar(max) NOT NULL CONSTRAINT [order_custom_values_default] DEFAULT ('{}');--> statement-breakpoint
ALTER TABLE [person] ADD [custom_values] nvarchar(max) NOT NULL CONSTRAINT [person_custom_values_default] DEFAULT ('{}');--> statement-breakpoint
ALTER TABLE [quote] ADD [custom_values] nvarchar(max) NOT NULL CONSTRAINT [quote_custom_values_default] DEFAULT ('{}');