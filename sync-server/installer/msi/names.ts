// MSI stream names: pairs of [0-9A-Za-z._] packed into one UTF-16 unit (U+3800–U+47FF), a lone one at U+4800–U+483F,
// table streams prefixed with U+4840 (as Windows Installer and Wine's msi/table.c encode them).

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz._';
const TABLE_PREFIX = 0x4840;

const codeOf = (ch: string | undefined): number => (ch === undefined ? -1 : ALPHABET.indexOf(ch));

export function encodeStreamName(name: string, table: boolean): string {
  let out = table ? String.fromCharCode(TABLE_PREFIX) : '';
  for (let i = 0; i < name.length; i++) {
    const a = codeOf(name[i]);
    if (a < 0) {
      out += name[i];
      continue;
    }
    const b = codeOf(name[i + 1]);
    if (b >= 0) {
      out += String.fromCharCode(0x3800 + a + (b << 6));
      i++;
    } else out += String.fromCharCode(0x4800 + a);
  }
  return out;
}

/** The readable name and whether it is a table's stream. */
export function decodeStreamName(encoded: string): { name: string; table: boolean } {
  let name = '';
  let table = false;
  for (const ch of encoded) {
    const c = ch.charCodeAt(0);
    if (c === TABLE_PREFIX && name === '' && !table) table = true;
    else if (c >= 0x3800 && c < 0x4800) name += (ALPHABET[(c - 0x3800) & 63] ?? '') + (ALPHABET[(c - 0x3800) >> 6] ?? '');
    else if (c >= 0x4800 && c < 0x4840) name += ALPHABET[c - 0x4800] ?? '';
    else name += ch;
  }
  return { name, table };
}
