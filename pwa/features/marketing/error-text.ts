// A server error as the user reads it: our translation of its stable code, else the server's own sentence.
import { t } from '../../i18n/index.ts';
import { ApiError } from '../../net/api.ts';

export function errorText(err: unknown): string {
  if (err instanceof ApiError) {
    const key = `error.${err.code}`;
    const text = t(key);
    return text === key ? err.message : text;
  }
  return err instanceof Error ? err.message : String(err);
}
