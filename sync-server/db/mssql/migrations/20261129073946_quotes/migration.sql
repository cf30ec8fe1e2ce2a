CREATE TABLE [merge_templates] (
	[id] nvarchar(40),
	[name] nvarchar(120) NOT NULL,
	[kind] nvarchar(20) NOT NULL,
	[entity] nvarchar(30) NOT NULL,
	[subject] nvarchar(400) NOT NULL CONSTRAINT [merge_templates_subject_default] DEFAULT (''),
	[body] nvarchar(max) NOT NULL,
	[owner_id] nvarchar(40) NOT NULL,
	[created_at] nvarchar(40) NOT NULL,
	[updated_at] nvarchar(40) NOT NULL,
	CONSTRAINT [merge_templates_pkey] PRIMARY KEY([id])
);
--> statement-breakpoint
CREATE TABLE [merged_documents] (
	[id] nvarchar(40),
	[entity] nvarchar(30) NOT NULL,
	[record_id] nvarchar(40) NOT NULL,
	[template_id] nvarchar(40) NOT NULL,
	[title] nvarchar(200) NOT NULL,
	[file_name] nvarchar(200) NOT NULL,
	[locale] nvarchar(35) NOT NULL,
	[html] nvarchar(max) NOT NULL,
	[size] bigint NOT NULL,
	[created_by] nvarchar(40) NOT NULL,
	[created_at] nvarchar(40) NOT NULL,
	CONSTRAINT [merged_documents_pkey] PRIMARY KEY([id])
);
--> statement-breakpoint
CREATE TABLE [opportunity] (
	[id] nvarchar(40),
	[territory_id] nvarchar(40) NOT NULL CONSTRAINT [opportunity_territory_id_default] DEFAULT (''),
	[updated_at] nvarchar(40) NOT NULL CONSTRAINT [opportunity_updated_at_default] DEFAULT (''),
	[updated_by] nvarchar(40) NOT NULL CONSTRAINT [opportunity_updated_by_default] DEFAULT (''),
	[deleted] bit NOT NULL CONSTRAINT [opportunity_deleted_default] DEFAULT ((0)),
	[description] nvarchar(200) NOT NULL CONSTRAINT [opportunity_description_default] DEFAULT (''),
	[company_id] nvarchar(40) NOT NULL CONSTRAINT [opportunity_company_id_default] DEFAULT (''),
	[person_id] nvarchar(40) NOT NULL CONSTRAINT [opportunity_person_id_default] DEFAULT (''),
	[stage] nvarchar(13) NOT NULL CONSTRAINT [opportunity_stage_default] DEFAULT (''),
	[currency] nvarchar(3) NOT NULL CONSTRAINT [opportunity_currency_default] DEFAULT (''),
	[forecast] bigint,
	[close_date] nvarchar(10) NOT NULL CONSTRAINT [opportunity_close_date_default] DEFAULT (''),
	[owner_id] nvarchar(40) NOT NULL CONSTRAINT [opportunity_owner_id_default] DEFAULT (''),
	[details] nvarchar(4000) NOT NULL CONSTRAINT [opportunity_details_default] DEFAULT (''),
	[rv] rowversion NOT NULL,
	CONSTRAINT [opportunity_pkey] PRIMARY KEY([id])
);
--> statement-breakpoint
CREATE TABLE [order] (
	[id] nvarchar(40),
	[territory_id] nvarchar(40) NOT NULL CONSTRAINT [order_territory_id_default] DEFAULT (''),
	[updated_at] nvarchar(40) NOT NULL CONSTRAINT [order_updated_at_default] DEFAULT (''),
	[updated_by] nvarchar(40) NOT NULL CONSTRAINT [order_updated_by_default] DEFAULT (''),
	[deleted] bit NOT NULL CONSTRAINT [order_deleted_default] DEFAULT ((0)),
	[reference] nvarchar(40) NOT NULL CONSTRAINT [order_reference_default] DEFAULT (''),
	[description] nvarchar(200) NOT NULL CONSTRAINT [order_description_default] DEFAULT (''),
	[company_id] nvarchar(40) NOT NULL CONSTRAINT [order_company_id_default] DEFAULT (''),
	[person_id] nvarchar(40) NOT NULL CONSTRAINT [order_person_id_default] DEFAULT (''),
	[opportunity_id] nvarchar(40) NOT NULL CONSTRAINT [order_opportunity_id_default] DEFAULT (''),
	[quote_id] nvarchar(40) NOT NULL CONSTRAINT [order_quote_id_default] DEFAULT (''),
	[status] nvarchar(9) NOT NULL CONSTRAINT [order_status_default] DEFAULT (''),
	[ordered_at] nvarchar(10) NOT NULL CONSTRAINT [order_ordered_at_default] DEFAULT (''),
	[delivery_date] nvarchar(10) NOT NULL CONSTRAINT [order_delivery_date_default] DEFAULT (''),
	[owner_id] nvarchar(40) NOT NULL CONSTRAINT [order_owner_id_default] DEFAULT (''),
	[currency] nvarchar(3) NOT NULL CONSTRAINT [order_currency_default] DEFAULT (''),
	[tax_rate] bigint,
	[subtotal] bigint,
	[tax] bigint,
	[total] bigint,
	[notes] nvarchar(4000) NOT NULL CONSTRAINT [order_notes_default] DEFAULT (''),
	[rv] rowversion NOT NULL,
	CONSTRAINT [order_pkey] PRIMARY KEY([id])
);
--> statement-breakpoint
CREATE TABLE [orderItem] (
	[id] nvarchar(40),
	[territory_id] nvarchar(40) NOT NULL CONSTRAINT [orderItem_territory_id_default] DEFAULT (''),
	[updated_at] nvarchar(40) NOT NULL CONSTRAINT [orderItem_updated_at_default] DEFAULT (''),
	[updated_by] nvarchar(40) NOT NULL CONSTRAINT [orderItem_updated_by_default] DEFAULT (''),
	[deleted] bit NOT NULL CONSTRAINT [orderItem_deleted_default] DEFAULT ((0)),
	[order_id] nvarchar(40) NOT NULL CONSTRAINT [orderItem_order_id_default] DEFAULT (''),
	[line_no] float,
	[product_id] nvarchar(40) NOT NULL CONSTRAINT [orderItem_product_id_default] DEFAULT (''),
	[description] nvarchar(200) NOT NULL CONSTRAINT [orderItem_description_default] DEFAULT (''),
	[quantity] bigint,
	[currency] nvarchar(3) NOT NULL CONSTRAINT [orderItem_currency_default] DEFAULT (''),
	[list_price] bigint,
	[discount_type] nvarchar(7) NOT NULL CONSTRAINT [orderItem_discount_type_default] DEFAULT (''),
	[discount_percent] bigint,
	[discount_amount] bigint,
	[quoted_price] bigint,
	[line_total] bigint,
	[rv] rowversion NOT NULL,
	CONSTRAINT [orderItem_pkey] PRIMARY KEY([id])
);
--> statement-breakpoint
CREATE TABLE [product] (
	[id] nvarchar(40),
	[territory_id] nvarchar(40) NOT NULL CONSTRAINT [product_territory_id_default] DEFAULT (''),
	[updated_at] nvarchar(40) NOT NULL CONSTRAINT [product_updated_at_default] DEFAULT (''),
	[updated_by] nvarchar(40) NOT NULL CONSTRAINT [product_updated_by_default] DEFAULT (''),
	[deleted] bit NOT NULL CONSTRAINT [product_deleted_default] DEFAULT ((0)),
	[name] nvarchar(120) NOT NULL CONSTRAINT [product_name_default] DEFAULT (''),
	[code] nvarchar(40) NOT NULL CONSTRAINT [product_code_default] DEFAULT (''),
	[unit] nvarchar(5) NOT NULL CONSTRAINT [product_unit_default] DEFAULT (''),
	[status] nvarchar(12) NOT NULL CONSTRAINT [product_status_default] DEFAULT (''),
	[description] nvarchar(2000) NOT NULL CONSTRAINT [product_description_default] DEFAULT (''),
	[rv] rowversion NOT NULL,
	CONSTRAINT [product_pkey] PRIMARY KEY([id])
);
--> statement-breakpoint
CREATE TABLE [productPrice] (
	[id] nvarchar(40),
	[territory_id] nvarchar(40) NOT NULL CONSTRAINT [productPrice_territory_id_default] DEFAULT (''),
	[updated_at] nvarchar(40) NOT NULL CONSTRAINT [productPrice_updated_at_default] DEFAULT (''),
	[updated_by] nvarchar(40) NOT NULL CONSTRAINT [productPrice_updated_by_default] DEFAULT (''),
	[deleted] bit NOT NULL CONSTRAINT [productPrice_deleted_default] DEFAULT ((0)),
	[product_id] nvarchar(40) NOT NULL CONSTRAINT [productPrice_product_id_default] DEFAULT (''),
	[currency] nvarchar(3) NOT NULL CONSTRAINT [productPrice_currency_default] DEFAULT (''),
	[list_price] bigint,
	[rv] rowversion NOT NULL,
	CONSTRAINT [productPrice_pkey] PRIMARY KEY([id])
);
--> statement-breakpoint
CREATE TABLE [quote] (
	[id] nvarchar(40),
	[territory_id] nvarchar(40) NOT NULL CONSTRAINT [quote_territory_id_default] DEFAULT (''),
	[updated_at] nvarchar(40) NOT NULL CONSTRAINT [quote_updated_at_default] DEFAULT (''),
	[updated_by] nvarchar(40) NOT NULL CONSTRAINT [quote_updated_by_default] DEFAULT (''),
	[deleted] bit NOT NULL CONSTRAINT [quote_deleted_default] DEFAULT ((0)),
	[reference] nvarchar(40) NOT NULL CONSTRAINT [quote_reference_default] DEFAULT (''),
	[description] nvarchar(200) NOT NULL CONSTRAINT [quote_description_default] DEFAULT (''),
	[company_id] nvarchar(40) NOT NULL CONSTRAINT [quote_company_id_default] DEFAULT (''),
	[person_id] nvarchar(40) NOT NULL CONSTRAINT [quote_person_id_default] DEFAULT (''),
	[opportunity_id] nvarchar(40) NOT NULL CONSTRAINT [quote_opportunity_id_default] DEFAULT (''),
	[status] nvarchar(8) NOT NULL CONSTRAINT [quote_status_default] DEFAULT (''),
	[issued_at] nvarchar(10) NOT NULL CONSTRAINT [quote_issued_at_default] DEFAULT (''),
	[valid_until] nvarchar(10) NOT NULL CONSTRAINT [quote_valid_until_default] DEFAULT (''),
	[owner_id] nvarchar(40) NOT NULL CONSTRAINT [quote_owner_id_default] DEFAULT (''),
	[currency] nvarchar(3) NOT NULL CONSTRAINT [quote_currency_default] DEFAULT (''),
	[tax_rate] bigint,
	[subtotal] bigint,
	[tax] bigint,
	[total] bigint,
	[notes] nvarchar(4000) NOT NULL CONSTRAINT [quote_notes_default] DEFAULT (''),
	[rv] rowversion NOT NULL,
	CONSTRAINT [quote_pkey] PRIMARY KEY([id])
);
--> statement-breakpoint
CREATE TABLE [quoteItem] (
	[id] nvarchar(40),
	[territory_id] nvarchar(40) NOT NULL CONSTRAINT [quoteItem_territory_id_default] DEFAULT (''),
	[updated_at] nvarchar(40) NOT NULL CONSTRAINT [quoteItem_updated_at_default] DEFAULT (''),
	[updated_by] nvarchar(40) NOT NULL CONSTRAINT [quoteItem_updated_by_default] DEFAULT (''),
	[deleted] bit NOT NULL CONSTRAINT [quoteItem_deleted_default] DEFAULT ((0)),
	[quote_id] nvarchar(40) NOT NULL CONSTRAINT [quoteItem_quote_id_default] DEFAULT (''),
	[line_no] float,
	[product_id] nvarchar(40) NOT NULL CONSTRAINT [quoteItem_product_id_default] DEFAULT (''),
	[description] nvarchar(200) NOT NULL CONSTRAINT [quoteItem_description_default] DEFAULT (''),
	[quantity] bigint,
	[currency] nvarchar(3) NOT NULL CONSTRAINT [quoteItem_currency_default] DEFAULT (''),
	[list_price] bigint,
	[discount_type] nvarchar(7) NOT NULL CONSTRAINT [quoteItem_discount_type_default] DEFAULT (''),
	[discount_percent] bigint,
	[discount_amount] bigint,
	[quoted_price] bigint,
	[line_total] bigint,
	[rv] rowversion NOT NULL,
	CONSTRAINT [quoteItem_pkey] PRIMARY KEY([id])
);
--> statement-breakpoint
CREATE INDEX [merge_templates_name_ix] ON [merge_templates] ([name]);--> statement-breakpoint
CREATE INDEX [merged_documents_record_ix] ON [merged_documents] ([entity],[record_id]);--> statement-breakpoint
CREATE UNIQUE INDEX [opportunity_rv_uq] ON [opportunity] ([rv]);--> statement-breakpoint
CREATE INDEX [opportunity_territory_ix] ON [opportunity] ([territory_id]);--> statement-breakpoint
CREATE INDEX [opportunity_description_ix] ON [opportunity] ([description]);--> statement-breakpoint
CREATE INDEX [opportunity_company_id_ix] ON [opportunity] ([company_id]);--> statement-breakpoint
CREATE INDEX [opportunity_person_id_ix] ON [opportunity] ([person_id]);--> statement-breakpoint
CREATE INDEX [opportunity_owner_id_ix] ON [opportunity] ([owner_id]);--> statement-breakpoint
CREATE UNIQUE INDEX [order_rv_uq] ON [order] ([rv]);--> statement-breakpoint
CREATE INDEX [order_territory_ix] ON [order] ([territory_id]);--> statement-breakpoint
CREATE INDEX [order_reference_ix] ON [order] ([reference]);--> statement-breakpoint
CREATE INDEX [order_company_id_ix] ON [order] ([company_id]);--> statement-breakpoint
CREATE INDEX [order_person_id_ix] ON [order] ([person_id]);--> statement-breakpoint
CREATE INDEX [order_opportunity_id_ix] ON [order] ([opportunity_id]);--> statement-breakpoint
CREATE INDEX [order_quote_id_ix] ON [order] ([quote_id]);--> statement-breakpoint
CREATE INDEX [order_status_ix] ON [order] ([status]);--> statement-breakpoint
CREATE INDEX [order_ordered_at_ix] ON [order] ([ordered_at]);--> statement-breakpoint
CREATE INDEX [order_owner_id_ix] ON [order] ([owner_id]);--> statement-breakpoint
CREATE UNIQUE INDEX [orderItem_rv_uq] ON [orderItem] ([rv]);--> statement-breakpoint
CREATE INDEX [orderItem_territory_ix] ON [orderItem] ([territory_id]);--> statement-breakpoint
CREATE INDEX [orderItem_order_id_ix] ON [orderItem] ([order_id]);--> statement-breakpoint
CREATE INDEX [orderItem_product_id_ix] ON [orderItem] ([product_id]);--> statement-breakpoint
CREATE UNIQUE INDEX [product_rv_uq] ON [product] ([rv]);--> statement-breakpoint
CREATE INDEX [product_territory_ix] ON [product] ([territory_id]);--> statement-breakpoint
CREATE INDEX [product_name_ix] ON [product] ([name]);--> statement-breakpoint
CREATE INDEX [product_code_ix] ON [product] ([code]);--> statement-breakpoint
CREATE UNIQUE INDEX [productPrice_rv_uq] ON [productPrice] ([rv]);--> statement-breakpoint
CREATE INDEX [productPrice_territory_ix] ON [productPrice] ([territory_id]);--> statement-breakpoint
CREATE INDEX [productPrice_product_id_ix] ON [productPrice] ([product_id]);--> statement-breakpoint
CREATE UNIQUE INDEX [quote_rv_uq] ON [quote] ([rv]);--> statement-breakpoint
CREATE INDEX [quote_territory_ix] ON [quote] ([territory_id]);--> statement-breakpoint
CREATE INDEX [quote_reference_ix] ON [quote] ([reference]);--> statement-breakpoint
CREATE INDEX [quote_company_id_ix] ON [quote] ([company_id]);--> statement-breakpoint
CREATE INDEX [quote_person_id_ix] ON [quote] ([person_id]);--> statement-breakpoint
CREATE INDEX [quote_opportunity_id_ix] ON [quote] ([opportunity_id]);--> statement-breakpoint
CREATE INDEX [quote_status_ix] ON [quote] ([status]);--> statement-breakpoint
CREATE INDEX [quote_issued_at_ix] ON [quote] ([issued_at]);--> statement-breakpoint
CREATE INDEX [quote_owner_id_ix] ON [quote] ([owner_id]);--> statement-breakpoint
CREATE UNIQUE INDEX [quoteItem_rv_uq] ON [quoteItem] ([rv]);--> statement-breakpoint
CREATE INDEX [quoteItem_territory_ix] ON [quoteItem] ([territory_id]);--> statement-breakpoint
CREATE INDEX [quoteItem_quote_id_ix] ON [quoteItem] ([quote_id]);--> statement-breakpoint
CREATE INDEX [quoteItem_product_id_ix] ON [quoteItem] ([product_id]);