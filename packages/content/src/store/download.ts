/**
 * A bounded HTTP(S) GET for content packages: only http: and https: URLs, at most 3
 * redirects (never from https to http), a byte cap checked against Content-Length and while
 * reading, a deadline for the whole transfer, and errors that say what to check.
 */
import http from 'node:http';
import https from 'node:https';
import { FarsightError } from '@farsight/common';
import { formatBytes } from '../archive/caps.ts';

/** Options of one download. */
export interface DownloadOptions {
  maxBytes: number;
  /** Deadline for the whole transfer, redirects included (default 120 s). */
  timeoutMs?: number;
  onProgress?: (done: number, total: number | undefined) => void;
}

function failed(url: string, why: string, cause?: unknown): FarsightError {
  return new FarsightError('CONTENT_DOWNLOAD_FAILED', `GET ${url}: ${why}`, cause === undefined ? undefined : { cause });
}

/** Parses and checks a content URL (http/https only). */
export function parseContentUrl(raw: string): URL {
  let url: URL;
  try { url = new URL(raw); } catch {
    throw new FarsightError('INVALID_ARGUMENT', `content URL ${JSON.stringify(raw)} is not a URL; give http(s)://host[:port]/path/package.zip`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new FarsightError('INVALID_ARGUMENT', `content URL ${raw} uses ${url.protocol}; only http: and https: are supported`);
  if (url.username || url.password) throw new FarsightError('INVALID_ARGUMENT', 'content URL must not carry a user name or password');
  return url;
}

function getOnce(url: URL, opts: DownloadOptions, signal: AbortSignal): Promise<{ redirect?: URL; body?: Buffer }> {
  return new Promise((resolve, reject) => {
    const mod = url.protocol === 'https:' ? https : http;
    const req = mod.get(url, { signal, headers: { 'user-agent': 'farsight-content-update', accept: '*/*' } }, (res) => {
      const status = res.statusCode ?? 0;
      if (status >= 300 && status < 400 && res.headers.location) {
        res.resume();
        try { resolve({ redirect: new URL(res.headers.location, url) }); } catch { reject(failed(url.href, `redirect to an invalid location ${res.headers.location}`)); }
        return;
      }
      if (status !== 200) { res.resume(); reject(failed(url.href, `HTTP ${status}${res.statusMessage ? ` ${res.statusMessage}` : ''}; check the URL`)); return; }
      const declared = res.headers['content-length'] !== undefined ? Number(res.headers['content-length']) : undefined;
      if (declared !== undefined && declared > opts.maxBytes) { reject(failed(url.href, `the server announces ${formatBytes(declared)}, over the ${formatBytes(opts.maxBytes)} cap`)); res.destroy(); return; }
      const chunks: Buffer[] = [];
      let done = 0;
      res.on('data', (c: Buffer) => {
        done += c.length;
        if (done > opts.maxBytes) { reject(failed(url.href, `more than the ${formatBytes(opts.maxBytes)} cap`)); res.destroy(); return; }
        chunks.push(c);
        opts.onProgress?.(done, declared);
      });
      res.on('end', () => {
        if (declared !== undefined && done !== declared) reject(failed(url.href, `the connection closed after ${done} of ${declared} bytes; try again`));
        else resolve({ body: Buffer.concat(chunks) });
      });
      res.on('error', (e) => reject(failed(url.href, `the transfer broke (${e.message}); try again`, e)));
      res.on('aborted', () => reject(failed(url.href, 'the server aborted the transfer; try again')));
    });
    req.on('error', (e) => reject(signal.aborted ? failed(url.href, `no complete answer within ${opts.timeoutMs ?? 120_000} ms`, e) : failed(url.href, `${e.message}; check the host and port`, e)));
  });
}

/** Downloads `raw` within the caps; returns the body. */
export async function download(raw: string | URL, opts: DownloadOptions): Promise<Buffer> {
  let url = typeof raw === 'string' ? parseContentUrl(raw) : raw;
  const signal = AbortSignal.timeout(opts.timeoutMs ?? 120_000);
  for (let hop = 0; hop <= 3; hop++) {
    const r = await getOnce(url, opts, signal);
    if (r.body) return r.body;
    const next = r.redirect as URL;
    if (url.protocol === 'https:' && next.protocol !== 'https:') throw failed(url.href, `refusing a redirect from https to ${next.protocol} (${next.href})`);
    url = parseContentUrl(next.href);
  }
  throw failed(url.href, 'more than 3 redirects');
}
