/** A small HTTPS client for the console's REST API: JSON in and out, v3 errors → AdminError. */
import { request as httpsRequest } from 'node:https';
import { AdminError, apiError } from './errors.ts';
import type { Connection } from './connection.ts';

/** A JSON object from the API. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- API bodies are read field by field
export type Json = Record<string, any>;

/** A v3 page of resources. */
export interface Page<T> { resources: T[]; page?: { number: number; size: number; totalResources: number; totalPages: number } }

/** TLS verification failures (node/OpenSSL codes) that mean "not trusted", not "unreachable". */
const TLS_CODES = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_GET_ISSUER_CERT', 'CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID', 'ERR_TLS_CERT_ALTNAME_INVALID', 'CERT_SIGNATURE_FAILURE', 'CERT_UNTRUSTED',
]);

const TIMEOUT_MS = 60_000;
/** Largest response the CLI reads (a scan log is capped by the console well below this). */
const MAX_BODY = 64 * 1024 * 1024;

/** The API client every admin command uses. */
export class ConsoleClient {
  readonly conn: Connection;
  constructor(conn: Connection) { this.conn = conn; }

  private headers(): Record<string, string> {
    const c = this.conn.credentials;
    return c.kind === 'api-key'
      ? { 'x-api-key': c.key }
      : { authorization: `Basic ${Buffer.from(`${c.user}:${c.password}`).toString('base64')}` };
  }

  /** Sends one request; resolves with the status, content type and body text. */
  raw(method: string, path: string, body?: unknown): Promise<{ status: number; type: string; text: string }> {
    // Joined as text: `new URL('//api/…', base)` would read a doubled slash as another host.
    const url = new URL(`${this.conn.baseUrl.origin}${this.conn.baseUrl.pathname.replace(/\/+$/, '')}${path}`);
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const headers: Record<string, string> = { accept: 'application/json, text/plain', ...this.headers() };
    if (payload !== undefined) headers['content-type'] = 'application/json';
    return new Promise((resolve, reject) => {
      const req = httpsRequest(url, {
        method, headers, timeout: TIMEOUT_MS, rejectUnauthorized: !this.conn.insecure, ...(this.conn.ca !== undefined && { ca: this.conn.ca }),
      }, (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (d: Buffer) => {
          size += d.length;
          if (size > MAX_BODY) { req.destroy(new Error(`response larger than ${MAX_BODY} bytes`)); return; }
          chunks.push(d);
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type'] ?? ''), text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      });
      req.on('timeout', () => req.destroy(Object.assign(new Error(`no answer within ${TIMEOUT_MS / 1000} s`), { code: 'ETIMEDOUT' })));
      req.on('error', (e: NodeJS.ErrnoException) => reject(this.transportError(e, url)));
      req.end(payload);
    });
  }

  private transportError(e: NodeJS.ErrnoException, url: URL): AdminError {
    const code = e.code ?? '';
    if (TLS_CODES.has(code)) {
      const hint = this.conn.caSource ? `it is not signed by the CA in ${this.conn.caSource}` : 'pass the console CA with --ca FILE / FARSIGHT_CA, or --data-dir DIR of the console';
      return new AdminError('CONSOLE_TLS_UNTRUSTED', `the TLS certificate of ${url.origin} is not trusted (${code}: ${e.message}); ${hint}`, 1, undefined, { cause: e });
    }
    return new AdminError('CONSOLE_UNREACHABLE', `cannot reach the console at ${url.origin} (${code || e.message}); is it running? check --console / FARSIGHT_CONSOLE_URL`, 1, undefined, { cause: e });
  }

  /** Sends a request and returns the parsed JSON body; a non-2xx answer throws AdminError. */
  async json<T = Json>(method: string, path: string, body?: unknown): Promise<T> {
    const r = await this.raw(method, path, body);
    let parsed: unknown;
    try { parsed = r.text.length > 0 ? JSON.parse(r.text) : undefined; } catch { parsed = undefined; }
    if (r.status < 200 || r.status > 299) throw apiError(r.status, parsed, `${method} ${path}`);
    if (parsed === undefined && r.text.length > 0) throw new AdminError('INTERNAL', `${method} ${path}: the console answered ${r.type || 'non-JSON'}, not JSON`, 1);
    return parsed as T;
  }

  /** Sends a request and returns the body as text (scan logs). */
  async text(method: string, path: string): Promise<string> {
    const r = await this.raw(method, path);
    if (r.status < 200 || r.status > 299) {
      let parsed: unknown;
      try { parsed = JSON.parse(r.text); } catch { parsed = undefined; }
      throw apiError(r.status, parsed, `${method} ${path}`);
    }
    return r.text;
  }

  /** Every resource of a paged v3 list (500 per page, at most `max`). */
  async all<T = Json>(path: string, max = 50_000): Promise<T[]> {
    const out: T[] = [];
    const sep = path.includes('?') ? '&' : '?';
    for (let page = 0; out.length < max && page < Math.ceil(max / 500); page++) {
      const p = await this.json<Page<T>>('GET', `${path}${sep}page=${page}&size=500`);
      out.push(...p.resources);
      if (!p.page || page + 1 >= p.page.totalPages) break;
    }
    return out.slice(0, max);
  }
}
