/**
 * Pure HTTP/1.x response parsing (RFC 9112): status line, headers (capped in count and
 * size), body framing (Content-Length, chunked, or until close) and the HTML `<title>`.
 */

/** A parsed HTTP response head plus whatever body bytes were present. */
export interface HttpResponse {
  version: string;
  statusCode: number;
  reason: string;
  /** Lower-cased header names; repeated headers joined with `, ` (Set-Cookie kept apart). */
  headers: Record<string, string>;
  setCookies: string[];
  body: Buffer;
  /** True when the body was framed completely (length reached or final chunk seen). */
  complete: boolean;
}

/** At most this many header lines are kept; hostile servers may send thousands. */
export const MAX_HEADERS = 100;
/** Each header value is cut to this many characters. */
export const MAX_HEADER_VALUE = 2048;
/** Only this much of the head is read: the headers kept per service stay small. */
export const MAX_HEAD = 16 * 1024;
const MAX_COOKIES = 20;

/** Index just after the blank line ending the head, or -1 while incomplete. */
export function headEnd(buf: Buffer): number {
  const crlf = buf.indexOf('\r\n\r\n');
  const lf = buf.indexOf('\n\n');
  if (crlf < 0 && lf < 0) return -1;
  if (crlf >= 0 && (lf < 0 || crlf <= lf)) return crlf + 4;
  return lf + 2;
}

/** True when the bytes start like an HTTP response (`HTTP/1.1 200`). */
export function looksLikeHttp(buf: Buffer): boolean {
  return /^HTTP\/\d(?:\.\d)? \d{3}/.test(buf.subarray(0, 16).toString('latin1'));
}

/** Parses the response in `buf`; undefined when the head is incomplete or not HTTP. */
export function parseHttpResponse(buf: Buffer): HttpResponse | undefined {
  const end = headEnd(buf);
  if (end < 0 || !looksLikeHttp(buf)) return undefined;
  const lines = buf.subarray(0, Math.min(end, MAX_HEAD)).toString('latin1').split(/\r?\n/, MAX_HEADERS * 4);
  const status = /^HTTP\/(\d(?:\.\d)?) (\d{3})(?: (.*))?$/.exec(lines[0] ?? '');
  if (!status) return undefined;
  const headers: Record<string, string> = {};
  const setCookies: string[] = [];
  let count = 0;
  for (const line of lines.slice(1)) {
    if (line === '' || count >= MAX_HEADERS) continue;
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    count++;
    const name = line.slice(0, colon).trim().toLowerCase().slice(0, 128);
    const value = line.slice(colon + 1).trim().slice(0, MAX_HEADER_VALUE);
    if (name === 'set-cookie') {
      if (setCookies.length < MAX_COOKIES) setCookies.push(value);
      continue;
    }
    headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`.slice(0, MAX_HEADER_VALUE);
  }
  const { body, complete } = decodeBody(buf.subarray(end), headers);
  return { version: status[1] ?? '', statusCode: Number(status[2]), reason: status[3] ?? '', headers, setCookies, body, complete };
}

/** True when the whole response (head and framed body) is in `buf`, so reading can stop. */
export function httpResponseComplete(buf: Buffer): boolean {
  const r = parseHttpResponse(buf);
  return r !== undefined && r.complete;
}

function decodeBody(raw: Buffer, headers: Record<string, string>): { body: Buffer; complete: boolean } {
  if (/chunked/i.test(headers['transfer-encoding'] ?? '')) return dechunk(raw);
  const lenText = headers['content-length'];
  if (lenText !== undefined && /^\d{1,12}$/.test(lenText)) {
    const len = Number(lenText);
    return { body: raw.subarray(0, len), complete: raw.length >= len };
  }
  return { body: raw, complete: false };
}

/** Decodes chunked transfer coding (RFC 9112 §7.1) as far as the bytes go. */
export function dechunk(raw: Buffer): { body: Buffer; complete: boolean } {
  const parts: Buffer[] = [];
  let pos = 0;
  for (let i = 0; i < 10_000; i++) {
    const lf = raw.indexOf(0x0a, pos);
    if (lf < 0) break;
    const sizeText = raw.subarray(pos, lf).toString('latin1').replace(/[;\r].*$/s, '').trim();
    if (!/^[0-9a-fA-F]{1,8}$/.test(sizeText)) break;
    const size = parseInt(sizeText, 16);
    if (size === 0) return { body: Buffer.concat(parts), complete: true };
    const start = lf + 1;
    parts.push(raw.subarray(start, Math.min(raw.length, start + size)));
    if (start + size > raw.length) break;
    pos = start + size;
    if (raw[pos] === 0x0d) pos++;
    if (raw[pos] === 0x0a) pos++;
  }
  return { body: Buffer.concat(parts), complete: false };
}

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', copy: '©', reg: '®',
  trade: '™', ndash: '–', mdash: '—', hellip: '…', laquo: '«', raquo: '»', middot: '·',
};

/** Decodes HTML character references (named subset, decimal and hex). */
export function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]{1,6}|#\d{1,7}|[a-zA-Z]{2,8});/g, (whole, ref: string) => {
    if (ref.startsWith('#')) {
      const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff) ? String.fromCodePoint(code) : whole;
    }
    return NAMED_ENTITIES[ref.toLowerCase()] ?? whole;
  });
}

/**
 * Extracts the HTML title: first `<title>` element, entities decoded, trimmed (inner
 * whitespace kept: Recog's html_title fingerprints expect it as sent), capped.
 */
export function extractTitle(body: Buffer | string, cap = 256): string | undefined {
  const text = typeof body === 'string' ? body : body.subarray(0, 256 * 1024).toString('utf8');
  const m = /<title[^>]{0,200}>([\s\S]{0,4096}?)<\/title\s*>/i.exec(text);
  if (!m) return undefined;
  const title = decodeEntities(m[1] ?? '').trim();
  return title === '' ? undefined : title.slice(0, cap);
}

/** Builds our GET request (HTTP/1.1, Host, Connection: close). */
export function buildGet(path: string, host: string): Buffer {
  return Buffer.from(
    `GET ${path} HTTP/1.1\r\nHost: ${host}\r\nUser-Agent: Mozilla/5.0 (compatible; Farsight)\r\n` +
    'Accept: */*\r\nConnection: close\r\n\r\n', 'latin1');
}

/** Formats an address for a Host header: IPv6 in brackets, port appended unless default. */
export function hostHeader(host: string, port: number, tls: boolean): string {
  const h = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  return (tls && port === 443) || (!tls && port === 80) ? h : `${h}:${port}`;
}
