// A session's device and browser in words, from the User-Agent it signed in with (bowser: docs/decisions/0001).
import Bowser from 'bowser';

export interface DeviceInfo {
  /** "Safari 13.1 on iOS 13.7", or '' when the User-Agent says nothing usable (an integration's own client). */
  browser: string;
  /** mobile, tablet, desktop, tv or '' */
  kind: string;
  /** "Apple iPhone", or '' */
  model: string;
}

const major = (v: string | undefined): string => (v ? v.split('.').slice(0, 2).join('.') : '');

export function deviceOf(userAgent: string): DeviceInfo {
  if (!userAgent.trim()) return { browser: '', kind: '', model: '' };
  const p = Bowser.parse(userAgent);
  const browser = [p.browser.name, major(p.browser.version)].filter(Boolean).join(' ');
  const os = [p.os.name, major(p.os.version)].filter(Boolean).join(' ');
  return {
    browser: browser && os ? `${browser} · ${os}` : browser || os || userAgent.slice(0, 60),
    kind: p.platform.type ?? '',
    model: [p.platform.vendor, p.platform.model].filter(Boolean).join(' '),
  };
}
