// The task pane's calls to its own server: the session (the FieldCRM cookie, else a token from signing in inside the
// pane, which Outlook on the web needs: a framed page gets no SameSite cookie), the lookup, a new contact, and filing.
import { API_PATHS, type SessionInfo } from '../../../../shared/api.ts';
import { UPLOAD_HEADER, type EmailFiled } from '../../../../shared/documents.ts';
import { OUTLOOK_CONTACT_PATH, OUTLOOK_LOOKUP_PATH, type OutlookLookup, type OutlookLookupAnswer, type OutlookMatch, type OutlookNewContact } from '../../../../shared/outlook.ts';
import { ApiClient, apiError } from '../../../net/api.ts';

const TOKEN_KEY = 'fieldcrm.outlook.token';

function storedToken(): string | undefined {
  try {
    return localStorage.getItem(TOKEN_KEY) ?? undefined;
  } catch {
    return undefined;
  }
}

function keepToken(token: string | null): void {
  try {
    if (token) localStorage.setItem(TOKEN_KEY, token);
    else localStorage.removeItem(TOKEN_KEY);
  } catch {
    // Storage refused (a strict privacy setting): the cookie, when there is one, still works.
  }
}

export class PaneApi {
  readonly api = new ApiClient({ baseUrl: '', token: storedToken });

  /** The signed-in user, or null when the pane must ask for a sign-in. */
  async session(): Promise<SessionInfo | null> {
    try {
      return await this.api.get<SessionInfo>(API_PATHS.me);
    } catch (err) {
      if ((err as { status?: number }).status === 401) {
        keepToken(null);
        return null;
      }
      throw err;
    }
  }

  async signIn(login: string, password: string): Promise<SessionInfo> {
    const info = await this.api.post<SessionInfo & { token?: string }>(API_PATHS.signIn, { login, password });
    if (info.token) keepToken(info.token);
    return info;
  }

  lookup(ask: OutlookLookup): Promise<OutlookLookupAnswer> {
    return this.api.post<OutlookLookupAnswer>(OUTLOOK_LOOKUP_PATH, ask);
  }

  createContact(contact: OutlookNewContact): Promise<OutlookMatch> {
    return this.api.post<OutlookMatch>(OUTLOOK_CONTACT_PATH, contact);
  }

  /** Files the message on the record through the documents route: the same path as an .eml dropped on a record. */
  async file(record: { entity: string; id: string }, name: string, eml: Blob): Promise<EmailFiled> {
    const params = new URLSearchParams({ entity: record.entity, recordId: record.id, name });
    const res = await fetch(`/api/documents/email?${params.toString()}`, {
      method: 'POST',
      body: eml,
      credentials: 'same-origin',
      headers: this.api.headers({ 'Content-Type': 'message/rfc822', [UPLOAD_HEADER]: '1' }),
    });
    const body: unknown = await res.json().catch(() => null);
    if (!res.ok) throw apiError(res.status, body);
    return body as EmailFiled;
  }
}

/** The file name a message is filed under: its subject, made safe, as an .eml. */
export function emlName(subject: string): string {
  const base = subject.replace(/[\\/:*?"<>|\u0000-\u001f]+/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 120);
  return `${base || 'e-mail'}.eml`;
}
