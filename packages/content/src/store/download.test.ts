import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { isFarsightError } from '@farsight/common';
import { download } from './download.ts';

/** A loopback server on 127.10.3.1 with a few misbehaving routes. */
async function server(t: { after: (fn: () => Promise<void>) => void }): Promise<string> {
  const s = http.createServer((req, res) => {
    if (req.url === '/file') res.writeHead(200, { 'content-length': 5 }).end('hello');
    else if (req.url === '/moved') res.writeHead(302, { location: '/file' }).end();
    else if (req.url === '/loop') res.writeHead(301, { location: '/loop' }).end();
    else if (req.url === '/chunked') { res.writeHead(200); res.write(Buffer.alloc(600)); res.end(Buffer.alloc(600)); }
    else if (req.url === '/silent') { /* never answers */ }
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => s.listen(0, '127.10.3.1', resolve));
  t.after(() => new Promise<void>((resolve) => { s.closeAllConnections(); s.close(() => resolve()); }));
  return `http://127.10.3.1:${(s.address() as AddressInfo).port}`;
}

test('download: redirects, loops, caps without Content-Length, deadline', async (t) => {
  const base = await server(t);
  const progress: number[] = [];
  assert.equal((await download(`${base}/moved`, { maxBytes: 100, onProgress: (d) => progress.push(d) })).toString(), 'hello');
  assert.deepEqual(progress, [5]);
  const fails = async (path: string, opts: { maxBytes: number; timeoutMs?: number }, re: RegExp): Promise<void> => {
    await assert.rejects(download(`${base}${path}`, opts), (e: unknown) => isFarsightError(e, 'CONTENT_DOWNLOAD_FAILED') && re.test(e.message));
  };
  await fails('/loop', { maxBytes: 100 }, /more than 3 redirects/);
  await fails('/chunked', { maxBytes: 1000 }, /more than the 1000 bytes cap/);
  await fails('/silent', { maxBytes: 100, timeoutMs: 300 }, /no complete answer within 300 ms/);
  await assert.rejects(download('ftp://127.10.3.1/x', { maxBytes: 1 }), (e: unknown) => isFarsightError(e, 'INVALID_ARGUMENT'));
  await assert.rejects(download('http://user:pw@127.10.3.1/x', { maxBytes: 1 }), (e: unknown) => isFarsightError(e, 'INVALID_ARGUMENT') && /user name or password/.test(e.message));
});
