// A failed request as the user reads it: our translation of the server's stable code, else the server's own words.
import { t } from '../i18n/index.ts';
import { ApiError } from '../net/api.ts';

export interface ErrorTextOptions {
  /** What to say when the server could not be reached (a screen's own wording); else the network error's text. */
  unreachable?: string;
  /** Add the server's words after our translation (for administrators, who may need the detail). */
  serverWords?: boolean;
}

export function errorText(err: unknown, opts: ErrorTextOptions = {}): string {
  if (!(err instanceof ApiError)) return err instanceof Error ? err.message : String(err);
  if (err.isNetwork && opts.unreachable !== undefined) return opts.unreachable;
  const key = `error.${err.code}`;
  const text = t(key);
  if (text === key) return err.message;
  return opts.serverWords ? `${text} (${err.message})` : text;
}
