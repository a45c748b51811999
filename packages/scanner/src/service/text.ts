/** Byte/text helpers shared by the protocol parsers: printable escaping and line splitting. */

/** Default cap of banners and evidence values, in characters. */
export const BANNER_CAP = 512;

/**
 * Renders bytes (or a string) printable: ASCII 0x20-0x7e kept, `\r \n \t \\` escaped, every
 * other byte as `\xHH`; cut at `cap` characters without splitting an escape.
 */
export function printable(data: Buffer | string, cap = BANNER_CAP): string {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'latin1') : data;
  let out = '';
  const n = Math.min(bytes.length, cap);
  for (let i = 0; i < n; i++) {
    const b = bytes[i] ?? 0;
    let piece: string;
    if (b === 0x5c) piece = '\\\\';
    else if (b >= 0x20 && b <= 0x7e) piece = String.fromCharCode(b);
    else if (b === 0x0d) piece = '\\r';
    else if (b === 0x0a) piece = '\\n';
    else if (b === 0x09) piece = '\\t';
    else piece = `\\x${b.toString(16).padStart(2, '0')}`;
    if (out.length + piece.length > cap) break;
    out += piece;
  }
  return out;
}

/** Caps a string that is already printable text (keeps unicode; cuts at `cap` code units). */
export function capText(s: string, cap = BANNER_CAP): string {
  return s.length <= cap ? s : s.slice(0, cap);
}

/** Decodes bytes as latin1 (every byte maps to one char, so byte offsets survive). */
export function latin1(data: Buffer): string {
  return data.toString('latin1');
}

/** Decodes bytes as UTF-8 text, replacing invalid sequences. */
export function utf8(data: Buffer): string {
  return data.toString('utf8');
}

/** Splits text into lines on CRLF or LF, dropping a trailing empty piece; at most `max` lines. */
export function splitLines(text: string, max = 200): string[] {
  const lines = text.split(/\r?\n/, max + 1).slice(0, max);
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** True when the buffer contains a line feed. */
export function hasLine(buf: Buffer): boolean {
  return buf.includes(0x0a);
}

/** True when at least `ratio` of the bytes are printable ASCII or whitespace. */
export function mostlyText(buf: Buffer, ratio = 0.9): boolean {
  if (buf.length === 0) return false;
  let ok = 0;
  for (const b of buf) if ((b >= 0x20 && b < 0x7f) || b === 0x0d || b === 0x0a || b === 0x09) ok++;
  return ok / buf.length >= ratio;
}
