// The Outlook add-in as server and task pane both see it: its paths and what the pane asks and gets (issue #25).
import type { WireDoc } from './sync.ts';

/** The task pane page, served by the FieldCRM server itself (same origin as the API). */
export const OUTLOOK_PANE_PATH = '/outlook.html';
/** Office.js from the npm package, served by us (no CDN): `${OFFICE_JS_PATH}/office.js`. */
export const OFFICE_JS_PATH = '/office-js';
/** GET, signed in: the add-in manifest for Outlook on the web and new Outlook, written for this server and user. */
export const OUTLOOK_MANIFEST_PATH = '/api/me/outlook-manifest.xml';
/** POST an OutlookLookup: who the message's people are in FieldCRM, and whether it was filed already. */
export const OUTLOOK_LOOKUP_PATH = '/api/outlook/lookup';
/** POST an OutlookNewContact: a person or lead for an unknown sender. */
export const OUTLOOK_CONTACT_PATH = '/api/outlook/contacts';

/** The add-in's identity in every manifest we write: Outlook keys installed add-ins by it. Never change it. */
export const OUTLOOK_ADDIN_ID = '5d3c8b7e-6a41-4f2e-9b0d-7c1e2f3a4b55';

export type OutlookRole = 'from' | 'to' | 'cc';

export interface OutlookLookup {
  /** The message's Internet Message-ID (`<…@…>`), '' when the host gives none. */
  messageId: string;
  people: { address: string; name: string; role: OutlookRole }[];
}

export type MatchEntity = 'person' | 'company' | 'lead';

/** A record matched by an e-mail address, as the pane lists it. */
export interface OutlookMatch {
  entity: MatchEntity;
  id: string;
  title: string;
  /** A person's company (id and name), when it has one the user may view. */
  companyId?: string;
  companyName?: string;
}

export interface OutlookPerson {
  address: string;
  name: string;
  role: OutlookRole;
  matches: OutlookMatch[];
}

/** Where and when a message was filed (by anyone); `subject` and the record only when the caller may view them. */
export interface OutlookFiled {
  communicationId: string;
  filedAt: string;
  filedBy: string;
  visible: boolean;
  subject?: string;
}

/** The sender's open business in FieldCRM, for the first record matching the sender. */
export interface OutlookSenderSummary {
  record: OutlookMatch;
  /** Appointments and tasks not complete nor cancelled, soonest first. */
  open: WireDoc[];
  /** Opportunities not won nor lost. */
  opportunities: WireDoc[];
  /** The last notes (the record's, and a person's company's), newest first. */
  notes: WireDoc[];
}

export interface OutlookLookupAnswer {
  people: OutlookPerson[];
  filed: OutlookFiled | null;
  sender: OutlookSenderSummary | null;
}

export interface OutlookNewContact {
  kind: 'person' | 'lead';
  address: string;
  firstName: string;
  lastName: string;
  /** For a lead: the company's name as the sender gave it (may be ''). */
  companyName?: string;
}

/** Splits "Ann Smith" into first and last names; a single word is the last name. */
export function splitName(display: string, address: string): { firstName: string; lastName: string } {
  const name = display.replace(/[<>"]/g, ' ').trim();
  const words = (name && !name.includes('@') ? name : (address.split('@')[0] ?? '').replace(/[._-]+/g, ' ')).split(/\s+/).filter(Boolean);
  if (words.length === 0) return { firstName: '', lastName: address };
  if (words.length === 1) return { firstName: '', lastName: words[0] as string };
  return { firstName: words.slice(0, -1).join(' '), lastName: words[words.length - 1] as string };
}

/** The key a message is known by: its Message-ID without angle brackets or surrounding space, lower-cased. */
export function messageKeyText(messageId: string): string {
  return messageId.trim().replace(/^<|>$/g, '').trim().toLowerCase();
}
