// Desktop or mobile theme: follows the device (a phone-sized or touch-first screen gets mobile) unless the user chose.
import { BehaviorSubject } from 'rxjs';
import type { Theme } from '../../shared/screens.ts';

const KEY = 'fieldcrm.theme';

/** A phone: a narrow screen, or a coarse pointer with no hover (a touch-first device). */
export function deviceTheme(w: Pick<Window, 'matchMedia'> = window): Theme {
  const narrow = w.matchMedia('(max-width: 700px)').matches;
  const touchFirst = w.matchMedia('(pointer: coarse)').matches && !w.matchMedia('(hover: hover)').matches;
  return narrow || touchFirst ? 'mobile' : 'desktop';
}

function saved(): Theme | null {
  const v = localStorage.getItem(KEY);
  return v === 'mobile' || v === 'desktop' ? v : null;
}

export const theme = new BehaviorSubject<Theme>(saved() ?? deviceTheme());

/** The user's choice, remembered on this device. */
export function chooseTheme(t: Theme): void {
  localStorage.setItem(KEY, t);
  theme.next(t);
}

// Without a saved choice, follow the device as it turns or resizes: once the size has settled (a window dragged across
// the breakpoint, a page captured at full height, flips for a moment; each switch rebuilds the screen, and a desktop
// page switched away and back would lose what was typed in it).
let settling: ReturnType<typeof setTimeout> | null = null;
window.matchMedia('(max-width: 700px)').addEventListener?.('change', () => {
  if (settling) clearTimeout(settling);
  settling = setTimeout(() => {
    settling = null;
    const next = deviceTheme();
    if (!saved() && next !== theme.value) theme.next(next);
  }, 250);
});
