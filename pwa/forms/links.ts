// Tap to act: a phone number dials, an e-mail address writes, a website opens, an address opens the maps app. Only
// http(s) addresses become links (a `javascript:` website stays text). Plain functions, tested in Node.
import type { AddressEntry } from '../../shared/entities/index.ts';

/** `tel:` with the digits and a leading + only (spaces, dots and brackets are for reading). */
export function telHref(number: string): string | null {
  const digits = number.trim().replace(/(?!^\+)[^\d]/g, '');
  return /\d{3,}/.test(digits) ? `tel:${digits}` : null;
}

export function mailHref(address: string): string | null {
  const a = address.trim();
  return /^[^\s@<>"]+@[^\s@<>"]+$/.test(a) ? `mailto:${encodeURI(a)}` : null;
}

/** The website itself when it is an http(s) address; anything else (a `javascript:` URL, a bare word) is not a link. */
export function webHref(url: string): string | null {
  try {
    const u = new URL(url.trim());
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch {
    return null;
  }
}

export type Platform = 'ios' | 'android' | 'other';

export function platformOf(userAgent: string): Platform {
  if (/iPhone|iPad|iPod/.test(userAgent) || (/Macintosh/.test(userAgent) && /Mobile/.test(userAgent))) return 'ios';
  return /Android/.test(userAgent) ? 'android' : 'other';
}

/** The address in the phone's maps app: Apple Maps on iOS, the `geo:` intent on Android, Google Maps elsewhere. */
export function mapsHref(a: AddressEntry, platform: Platform): string | null {
  const q = [a.street, [a.postcode, a.city].filter(Boolean).join(' '), a.region, a.country].filter(Boolean).join(', ');
  if (!q) return null;
  const e = encodeURIComponent(q);
  if (platform === 'ios') return `https://maps.apple.com/?q=${e}`;
  if (platform === 'android') return `geo:0,0?q=${e}`;
  return `https://www.google.com/maps/search/?api=1&query=${e}`;
}
