/**
 * One HTTP/1.1 request per connection for the HTTP checks (plain or TLS as the service is),
 * read until the framed body ends, the byte cap or the deadline. `GET /` is fetched once per
 * service and shared by the checks that judge the front page.
 */
import { httpResponseComplete, parseHttpResponse, type HttpResponse } from '../../service/http-parse.ts';
import type { ServiceResult } from '../../types.ts';
import type { CheckContext } from '../types.ts';
import { readUntil } from '../io.ts';

/** Sends `method path` with extra headers and parses the answer; throws when nothing HTTP came back. */
export async function httpFetch(ctx: CheckContext, method: string, path: string, extra: [string, string][] = []): Promise<HttpResponse> {
  const conn = await ctx.net.connect();
  try {
    const port = ctx.service.port;
    const defaultPort = ctx.service.tunnel === 'ssl' ? 443 : 80;
    const host = `${ctx.net.hostName.includes(':') ? `[${ctx.net.hostName}]` : ctx.net.hostName}${port === defaultPort ? '' : `:${port}`}`;
    const lines = [`${method} ${path} HTTP/1.1`, `Host: ${host}`, 'User-Agent: Mozilla/5.0 (compatible; Farsight)', 'Accept: */*', 'Connection: close',
      ...extra.map(([k, v]) => `${k}: ${v}`)];
    conn.write(`${lines.join('\r\n')}\r\n\r\n`);
    const data = await readUntil(conn, httpResponseComplete, ctx.net.readTimeoutMs);
    const resp = parseHttpResponse(data);
    if (!resp) throw new Error(data.length === 0 ? `no answer to ${method} ${path}` : `answer to ${method} ${path} is not HTTP`);
    return resp;
  } finally {
    conn.close();
  }
}

const front = new WeakMap<ServiceResult, Promise<HttpResponse>>();

/** `GET /` of the service, fetched once and shared by the front-page checks. */
export function frontPage(ctx: CheckContext): Promise<HttpResponse> {
  let p = front.get(ctx.service);
  if (!p) {
    // One retry on a fresh connection: a busy server that stalls once should not hide four findings.
    p = httpFetch(ctx, 'GET', '/').catch((e: unknown) => {
      if (ctx.signal.aborted) throw e;
      return httpFetch(ctx, 'GET', '/');
    });
    p.catch(() => undefined);
    front.set(ctx.service, p);
  }
  return p;
}

/** True for services that speak HTTP (plain or TLS), per service detection. */
export function isHttp(s: ServiceResult): boolean {
  return s.protocol === 'tcp' && (s.name === 'http' || s.name === 'https' || s.name === 'http-proxy' || s.http !== undefined);
}

/** What the HTTP judges need of a response (body as text, capped). */
export interface PageEvidence {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Reduces a response to evidence (64 KiB of body at most). */
export function pageEvidence(r: HttpResponse): PageEvidence {
  return { status: r.statusCode, headers: r.headers, body: r.body.subarray(0, 65_536).toString('latin1') };
}
