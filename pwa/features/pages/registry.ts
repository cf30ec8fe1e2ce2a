// Custom pages run by `customfile` tabs (desktop theme). Imported statically: a dynamic import() would bring
// `import.meta` into the bundle, which is not ES2019 syntax (Safari 13's parse check in test/browser).
import { html, type TemplateResult } from 'lit';
import '../admin/fc-admin-page.ts';
import '../marketing/fc-email-duplicates.ts';
import '../groups/fc-group-list.ts';
import '../groups/fc-group-view.ts';
import '../templates/fc-template-editor.ts';
import '../templates/fc-template-list.ts';
import '../documents/fc-document-library.ts';
import '../account/fc-password-page.ts';
import '../search/fc-advanced-search.ts';

export const PAGES: Record<string, () => TemplateResult> = {
  admin: () => html`<fc-admin-page></fc-admin-page>`,
  'email-duplicates': () => html`<fc-email-duplicates></fc-email-duplicates>`,
  groups: () => html`<fc-group-list></fc-group-list>`,
  group: () => html`<fc-group-view></fc-group-view>`,
  // Sales (docs/decisions/0012): the metadata's lists, on the records the server keeps.
  opportunities: () => html`<fc-record-list entity="opportunity"></fc-record-list>`,
  quotes: () => html`<fc-record-list entity="quote"></fc-record-list>`,
  orders: () => html`<fc-record-list entity="order"></fc-record-list>`,
  products: () => html`<fc-record-list entity="product"></fc-record-list>`,
  templates: () => html`<fc-template-list></fc-template-list>`,
  template: () => html`<fc-template-editor></fc-template-editor>`,
  documents: () => html`<fc-document-library></fc-document-library>`,
  password: () => html`<fc-password-page></fc-password-page>`,
  // Its own page, beside the record lists (issue #21 reworks those): conditions on any field, saved as dynamic groups.
  'advanced-search': () => html`<fc-advanced-search></fc-advanced-search>`,
};
