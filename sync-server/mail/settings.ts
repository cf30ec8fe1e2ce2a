// The organisation's SMTP server, set by an administrator: kept in server_settings (never replicated), the password
// encrypted at rest with the server's secret key, like the MailChimp key (security/secrets.ts).
import { ERROR_CODES, FIELD_CODES, type FieldIssue } from '../../shared/errors.ts';
import { isObject } from '../../shared/objects.ts';
import { isSmtpSecurity, MAIL_LIMITS, type SmtpInput, type SmtpSecurity, type SmtpView } from '../../shared/outgoing-mail.ts';
import { isValidEmail } from '../../shared/validation.ts';
import type { Services } from '../context.ts';
import { AppError } from '../errors.ts';
import { secretsOf } from '../marketing/mailchimp.ts';

const KEY = 'smtp';

/** What the server keeps. */
interface Stored {
  host: string;
  port: number;
  security: SmtpSecurity;
  user: string;
  /** Encrypted (`v1:…`), or '' for none. */
  password: string;
  fromAddress: string;
  fromName: string;
}

/** The settings with the password in clear: only the sending code sees them. */
export interface SmtpConfig extends Omit<Stored, 'password'> {
  password: string;
}

async function stored(services: Services): Promise<Stored | null> {
  const text = await services.store.getServerSetting(KEY);
  return text ? (JSON.parse(text) as Stored) : null;
}

export async function smtpView(services: Services): Promise<SmtpView> {
  const s = await stored(services);
  return {
    configured: !!s?.host,
    host: s?.host ?? '',
    port: s?.port ?? 587,
    security: s?.security ?? 'starttls',
    user: s?.user ?? '',
    passwordSet: !!s?.password,
    fromAddress: s?.fromAddress ?? '',
    fromName: s?.fromName ?? '',
  };
}

const HOST = /^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$|^\[?[0-9A-Fa-f:.]+\]?$/;

/** Checks an administrator's input; every problem at once, as field issues. */
export function checkSmtpInput(body: unknown): SmtpInput {
  if (!isObject(body)) throw new AppError(400, ERROR_CODES.MAIL_BAD_SETTINGS, 'Send { host, port, security, user, password?, fromAddress, fromName }.');
  const issues: FieldIssue[] = [];
  const str = (k: string): string => (typeof body[k] === 'string' ? (body[k] as string).trim() : '');
  const host = str('host');
  if (!host) issues.push({ field: 'host', code: FIELD_CODES.REQUIRED });
  else if (host.length > MAIL_LIMITS.host || !HOST.test(host)) issues.push({ field: 'host', code: FIELD_CODES.BAD_URL });
  const port = body.port;
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535) issues.push({ field: 'port', code: FIELD_CODES.OUT_OF_RANGE, detail: '1–65535' });
  if (!isSmtpSecurity(body.security)) issues.push({ field: 'security', code: FIELD_CODES.NOT_IN_LIST, detail: 'tls, starttls, none' });
  const user = str('user');
  if (user.length > MAIL_LIMITS.user) issues.push({ field: 'user', code: FIELD_CODES.TOO_LONG, detail: MAIL_LIMITS.user });
  const password = body.password;
  if (password !== undefined && (typeof password !== 'string' || password.length > MAIL_LIMITS.password)) issues.push({ field: 'password', code: FIELD_CODES.TOO_LONG, detail: MAIL_LIMITS.password });
  const fromAddress = str('fromAddress');
  if (!fromAddress) issues.push({ field: 'fromAddress', code: FIELD_CODES.REQUIRED });
  else if (!isValidEmail(fromAddress)) issues.push({ field: 'fromAddress', code: FIELD_CODES.BAD_EMAIL });
  const fromName = str('fromName');
  if (fromName.length > MAIL_LIMITS.fromName || /[\r\n]/.test(fromName)) issues.push({ field: 'fromName', code: FIELD_CODES.TOO_LONG, detail: MAIL_LIMITS.fromName });
  if (issues.length) throw new AppError(422, ERROR_CODES.MAIL_BAD_SETTINGS, 'Some SMTP settings are not valid.', issues);
  return { host, port: port as number, security: body.security as SmtpSecurity, user, ...(typeof password === 'string' ? { password } : {}), fromAddress, fromName };
}

/** Saves the settings; a password left out keeps the stored one. */
export async function saveSmtp(services: Services, body: unknown, userId: string): Promise<SmtpView> {
  const input = checkSmtpInput(body);
  const before = await stored(services);
  const password = input.password === undefined ? (before?.password ?? '') : input.password ? secretsOf(services).encrypt(input.password) : '';
  const next: Stored = { host: input.host, port: input.port, security: input.security, user: input.user, password, fromAddress: input.fromAddress, fromName: input.fromName };
  await services.store.putServerSetting(KEY, JSON.stringify(next), userId, new Date().toISOString());
  return smtpView(services);
}

/** The settings to send with, password decrypted; refused when none are set. */
export async function smtpConfig(services: Services): Promise<SmtpConfig> {
  const s = await stored(services);
  if (!s?.host) throw new AppError(409, ERROR_CODES.MAIL_NOT_CONFIGURED, 'An administrator must set the SMTP server in Administration first.');
  return { ...s, password: s.password ? secretsOf(services).decrypt(s.password) : '' };
}
