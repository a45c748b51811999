/**
 * HTTP/1.x (RFC 9112) just enough for a scanner: GET/HEAD of the profile's pages, TRACE
 * echo when the profile enables it, OPTIONS, keep-alive with a bounded request count.
 */
import type { HttpPage, HttpProfile } from '../catalog.ts';
import { guard, type ServiceContext, type Stream } from '../session.ts';

const MAX_HEAD = 16_384;
const MAX_REQUESTS = 100;
const MAX_BODY = 65_536;

interface Request { method: string; target: string; version: string; head: string; headers: Map<string, string> }

function parseHead(head: string): Request | null {
  const lines = head.split('\r\n');
  const m = /^([A-Z]{1,16}) (\S{1,8000}) (HTTP\/1\.[01])$/.exec(lines[0] ?? '');
  if (!m) return null;
  const headers = new Map<string, string>();
  for (const l of lines.slice(1)) {
    const i = l.indexOf(':');
    if (i > 0) headers.set(l.slice(0, i).trim().toLowerCase(), l.slice(i + 1).trim());
  }
  return { method: m[1] ?? '', target: m[2] ?? '/', version: m[3] ?? 'HTTP/1.1', head, headers };
}

function response(p: HttpProfile, status: number, reason: string, headers: [string, string][], body: Buffer, head: boolean, close: boolean): Buffer {
  const all: [string, string][] = [['Date', new Date().toUTCString()]];
  if (p.server !== null) all.push(['Server', p.server]);
  all.push(...p.headers, ...headers, ['Content-Length', String(body.length)]);
  if (close) all.push(['Connection', 'close']);
  const text = `HTTP/1.1 ${status} ${reason}\r\n${all.map(([k, v]) => `${k}: ${v}`).join('\r\n')}\r\n\r\n`;
  return head ? Buffer.from(text, 'latin1') : Buffer.concat([Buffer.from(text, 'latin1'), body]);
}

function pageResponse(p: HttpProfile, page: HttpPage, head: boolean, close: boolean): Buffer {
  const body = page.base64 ? Buffer.from(page.body, 'base64') : Buffer.from(page.body, 'utf8');
  return response(p, page.status, page.reason, [['Content-Type', page.contentType], ...(page.headers ?? [])], body, head, close);
}

function badRequest(p: HttpProfile): Buffer {
  const body = Buffer.from('<html><head><title>400 Bad Request</title></head><body><h1>Bad Request</h1></body></html>\n');
  return response(p, 400, 'Bad Request', [['Content-Type', 'text/html; charset=iso-8859-1']], body, false, true);
}

/** The reply bytes for one request. */
export function httpReply(p: HttpProfile, req: Request, close: boolean): Buffer {
  const path = /^https?:\/\/[^/]*(\/[^?]*)?/.exec(req.target)?.[1] ?? (req.target.split('?')[0] || '/');
  switch (req.method) {
    case 'GET':
    case 'HEAD':
    case 'POST':
      return pageResponse(p, p.pages[path] ?? p.notFound, req.method === 'HEAD', close);
    case 'OPTIONS':
      return response(p, 200, 'OK', [['Allow', p.trace ? 'GET,HEAD,POST,OPTIONS,TRACE' : 'GET,HEAD,POST,OPTIONS'], ['Content-Type', 'text/html']], Buffer.alloc(0), false, close);
    case 'TRACE':
      if (p.trace) return response(p, 200, 'OK', [['Content-Type', 'message/http']], Buffer.from(req.head + '\r\n\r\n', 'latin1'), false, close);
      return response(p, 405, 'Method Not Allowed', [['Allow', 'GET,HEAD,POST,OPTIONS'], ['Content-Type', 'text/html']], Buffer.from('<html><body><h1>405 Method Not Allowed</h1></body></html>\n'), false, close);
    default:
      return response(p, 501, 'Not Implemented', [['Content-Type', 'text/html']], Buffer.from('<html><body><h1>501 Not Implemented</h1></body></html>\n'), false, close);
  }
}

/** Serves one HTTP connection (keep-alive, at most MAX_REQUESTS requests). */
export function serveHttp(stream: Stream, ctx: ServiceContext): void {
  const p = ctx.profile as HttpProfile;
  let buf = Buffer.alloc(0);
  let served = 0;
  let skip = 0;
  stream.on('data', guard(stream, (d: Buffer) => {
    buf = Buffer.concat([buf, d]);
    for (;;) {
      if (skip > 0) { const n = Math.min(skip, buf.length); skip -= n; buf = buf.subarray(n); if (skip > 0) return; }
      const end = buf.indexOf('\r\n\r\n');
      if (end < 0) { if (buf.length > MAX_HEAD) stream.end(badRequest(p)); return; }
      const req = parseHead(buf.subarray(0, end).toString('latin1'));
      buf = buf.subarray(end + 4);
      if (!req) { stream.end(badRequest(p)); return; }
      const bodyLen = Number(req.headers.get('content-length') ?? 0);
      if (!Number.isInteger(bodyLen) || bodyLen < 0 || bodyLen > MAX_BODY) { stream.end(badRequest(p)); return; }
      skip = bodyLen;
      served++;
      const conn = req.headers.get('connection')?.toLowerCase();
      const close = served >= MAX_REQUESTS || conn === 'close' || (req.version === 'HTTP/1.0' && conn !== 'keep-alive');
      const reply = httpReply(p, req, close);
      if (close) { stream.end(reply); return; }
      stream.write(reply);
    }
  }));
}
