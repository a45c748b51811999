/**
 * HTTP enrichment: GET / and GET /favicon.ico (HTTP/1.1, Host, Connection: close), status,
 * headers, title, favicon MD5, and the Recog keys they feed. Elasticsearch is recognised
 * from its JSON banner at `/`.
 */
import { createHash } from 'node:crypto';
import { decodeBanner } from '@farsight/content';
import { orForeign, prefixOk, type Conn, type WaitEnd } from './conn.ts';
import { keepRaw, type Ctx } from './context.ts';
import { buildGet, extractTitle, hostHeader, httpResponseComplete, parseHttpResponse, type HttpResponse } from './http-parse.ts';
import { KEYS } from './match-keys.ts';
import { addEvidence, fallbackService, matchInto } from './result.ts';
import { printable } from './text.ts';

/** One GET exchange: the parsed response (when HTTP), the raw bytes and how reading ended. */
export interface HttpFetch {
  resp?: HttpResponse;
  raw: Buffer;
  end: WaitEnd;
  /** True when the whole body arrived (framed, or unframed and the peer closed). */
  bodyComplete: boolean;
}

/** Sends GET `path` on `conn` and reads the response within the probe's limits. */
export async function httpGet(ctx: Ctx, conn: Conn, path: string, tls: boolean): Promise<HttpFetch> {
  conn.write(buildGet(path, hostHeader(ctx.opts.hostname ?? ctx.address, ctx.port, tls)));
  const t = ctx.opts.readTimeoutMs;
  const end = await conn.wait(orForeign(httpResponseComplete, (d) => prefixOk(d, 'HTTP/')), { firstMs: t, idleMs: t });
  const raw = conn.data();
  const resp = parseHttpResponse(raw);
  const framed = resp !== undefined && (resp.headers['content-length'] !== undefined || /chunked/i.test(resp.headers['transfer-encoding'] ?? ''));
  const bodyComplete = resp !== undefined && (resp.complete || (!framed && end === 'closed'));
  return { resp, raw, end, bodyComplete };
}

/** True when an HTTP answer says the port really wants TLS (nginx/Apache wording). */
export function wantsTls(resp: HttpResponse): boolean {
  return resp.statusCode === 400 && /plain HTTP request was sent to HTTPS port|speaking plain HTTP to an SSL-enabled server/i.test(resp.body.subarray(0, 4096).toString('latin1'));
}

/** Records an HTTP service from the response to GET / and fetches the favicon on a fresh connection. */
export async function enrichHttp(ctx: Ctx, first: HttpFetch, tls: boolean, reopen: () => Promise<Conn | undefined>): Promise<void> {
  const resp = first.resp;
  if (!resp) return;
  const r = ctx.result;
  const m = ctx.opts.matcher;
  keepRaw(ctx, 'GetRequest', first.raw);
  r.name = 'http';
  const headEnd = first.raw.indexOf('\r\n\r\n');
  r.banner ??= printable(first.raw.subarray(0, headEnd > 0 ? headEnd : 512));
  const title = first.bodyComplete || resp.body.length > 0 ? extractTitle(resp.body) : undefined;
  r.http = { statusCode: resp.statusCode, headers: resp.headers };
  if (resp.headers.server) r.http.server = resp.headers.server;
  if (title) r.http.title = title.replace(/\s+/g, ' ');
  addEvidence(r, { probe: 'http-get', key: 'http.status', value: `${resp.statusCode} ${resp.reason}`.trim() });
  matchInto(r, m, 'http-get', KEYS.httpServer, resp.headers.server);
  if (/^Apache\b/.test(resp.headers.server ?? '')) matchInto(r, m, 'http-get', KEYS.apacheOs, resp.headers.server, true);
  matchInto(r, m, 'http-get', KEYS.httpWwwAuth, resp.headers['www-authenticate']);
  matchInto(r, m, 'http-get', KEYS.htmlTitle, title);
  if (resp.body.length > 0) matchInto(r, m, 'http-get', KEYS.httpBody, decodeBanner(resp.body.subarray(0, 8192)));
  recogniseElasticsearch(ctx, resp);
  for (const c of resp.setCookies.slice(0, 5)) matchInto(r, m, 'http-get', KEYS.httpCookie, c);
  matchInto(r, m, 'http-get', KEYS.httpPoweredBy, resp.headers['x-powered-by']);
  await fetchFavicon(ctx, tls, reopen);
}

async function fetchFavicon(ctx: Ctx, tls: boolean, reopen: () => Promise<Conn | undefined>): Promise<void> {
  if (ctx.deadline.remaining() < 50) return;
  const conn = await reopen();
  if (!conn) return;
  const f = await httpGet(ctx, conn, '/favicon.ico', tls);
  conn.close();
  if (!f.resp || f.resp.statusCode !== 200 || !f.bodyComplete || f.resp.body.length === 0) return;
  const md5 = createHash('md5').update(f.resp.body).digest('hex');
  if (ctx.result.http) ctx.result.http.faviconMd5 = md5;
  matchInto(ctx.result, ctx.opts.matcher, 'http-favicon', KEYS.faviconMd5, md5);
}

/** Elasticsearch/OpenSearch answer GET / with a JSON document naming their version. */
function recogniseElasticsearch(ctx: Ctx, resp: HttpResponse): void {
  const product = resp.headers['x-elastic-product'];
  let doc: { version?: { number?: unknown; distribution?: unknown }; tagline?: unknown } | undefined;
  if (/json/i.test(resp.headers['content-type'] ?? '') && resp.body.length < 64 * 1024) {
    try { doc = JSON.parse(resp.body.toString('utf8')) as typeof doc; } catch { doc = undefined; }
  }
  const isEs = product === 'Elasticsearch' || (typeof doc?.tagline === 'string' && doc.tagline.includes('You Know, for Search'));
  if (!isEs) return;
  const version = typeof doc?.version?.number === 'string' ? doc.version.number.slice(0, 32) : undefined;
  const open = doc?.version?.distribution === 'opensearch';
  addEvidence(ctx.result, { probe: 'http-get', key: 'http.json.version', value: version ?? '(not disclosed)' });
  fallbackService(ctx.result, open
    ? { vendor: 'Amazon', product: 'OpenSearch', version, cpe: `cpe:/a:amazon:opensearch:${version ?? '-'}` }
    : { vendor: 'Elastic', product: 'Elasticsearch', version, cpe: `cpe:/a:elastic:elasticsearch:${version ?? '-'}` });
}
