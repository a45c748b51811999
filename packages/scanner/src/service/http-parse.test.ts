import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { buildGet, decodeEntities, dechunk, extractTitle, headEnd, hostHeader, httpResponseComplete, looksLikeHttp, MAX_HEADERS, parseHttpResponse } from './http-parse.ts';

const RUNS = { seed: 42, numRuns: 500 };

void test('status line, headers and a Content-Length body are parsed', () => {
  const raw = Buffer.from('HTTP/1.1 200 OK\r\nServer: Apache/2.4.52 (Ubuntu)\r\nX-Powered-By: PHP/8.1\r\nSet-Cookie: a=1\r\nSet-Cookie: b=2\r\n' +
    'Vary: A\r\nVary: B\r\nContent-Length: 5\r\n\r\nhello world');
  const r = parseHttpResponse(raw);
  assert.ok(r);
  assert.equal(r.statusCode, 200);
  assert.equal(r.reason, 'OK');
  assert.equal(r.version, '1.1');
  assert.equal(r.headers.server, 'Apache/2.4.52 (Ubuntu)');
  assert.equal(r.headers.vary, 'A, B');
  assert.deepEqual(r.setCookies, ['a=1', 'b=2']);
  assert.equal(r.body.toString(), 'hello');
  assert.equal(r.complete, true);
});

void test('heads end on CRLF CRLF or LF LF; incomplete or foreign bytes are not HTTP', () => {
  assert.equal(headEnd(Buffer.from('HTTP/1.0 404 Not Found\n\nbody')), 24);
  assert.equal(parseHttpResponse(Buffer.from('HTTP/1.1 200 OK\r\nServer: x\r\n')), undefined);
  assert.equal(parseHttpResponse(Buffer.from('SSH-2.0-OpenSSH\r\n\r\n')), undefined);
  assert.equal(looksLikeHttp(Buffer.from('HTTP/1.1 400 Bad Request')), true);
  assert.equal(looksLikeHttp(Buffer.from('-ERR unknown command')), false);
  const noLength = Buffer.from('HTTP/1.0 200 OK\r\n\r\nsome body');
  assert.equal(parseHttpResponse(noLength)?.complete, false, 'unframed bodies end when the peer closes');
  assert.equal(httpResponseComplete(Buffer.from('HTTP/1.1 204 No Content\r\nContent-Length: 0\r\n\r\n')), true);
});

void test('chunked bodies are decoded, also when cut short', () => {
  assert.deepEqual(dechunk(Buffer.from('5\r\nhello\r\n6;ext=1\r\n world\r\n0\r\n\r\n')), { body: Buffer.from('hello world'), complete: true });
  const partial = dechunk(Buffer.from('5\r\nhello\r\na\r\nwor'));
  assert.equal(partial.body.toString(), 'hellowor');
  assert.equal(partial.complete, false);
  const r = parseHttpResponse(Buffer.from('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n'));
  assert.equal(r?.body.toString(), 'abc');
  assert.equal(r?.complete, true);
});

void test('header count and size are capped against hostile servers', () => {
  const many = Array.from({ length: 500 }, (_, i) => `X-H${i}: ${'v'.repeat(10)}`).join('\r\n');
  const r = parseHttpResponse(Buffer.from(`HTTP/1.1 200 OK\r\n${many}\r\nServer: late\r\n\r\n`));
  assert.ok(r);
  assert.equal(Object.keys(r.headers).length, MAX_HEADERS);
  assert.equal(r.headers.server, undefined, 'headers past the cap are ignored');
  const long = parseHttpResponse(Buffer.from(`HTTP/1.1 200 OK\r\nServer: ${'a'.repeat(10_000)}\r\n\r\n`));
  assert.equal(long?.headers.server?.length, 2048);
  const huge = parseHttpResponse(Buffer.from(`HTTP/1.1 200 OK\r\n${Array.from({ length: 60 }, (_, i) => `X-${i}: ${'b'.repeat(2000)}`).join('\r\n')}\r\n\r\n`));
  const kept = Object.values(huge?.headers ?? {}).reduce((n, v) => n + v.length, 0);
  assert.ok(kept <= 16 * 1024, `at most 16 KiB of head is kept, got ${kept}`);
});

void test('titles: first <title>, entities decoded, trimmed, inner whitespace kept', () => {
  const table: [string, string | undefined][] = [
    ['<html><head><title>Apache2 Ubuntu Default Page: It works</title>', 'Apache2 Ubuntu Default Page: It works'],
    ['<TITLE lang="en">\n  Caf&eacute; &amp; Bar &#8211; &#x263A; &lt;x&gt;\n</TITLE>', 'Caf&eacute; & Bar – ☺ <x>'],
    ['<title>a  b</title><title>second</title>', 'a  b'],
    ['<title>   </title>', undefined],
    ['<h1>no title</h1>', undefined],
    ['<title>unterminated', undefined],
  ];
  for (const [html, want] of table) assert.equal(extractTitle(html), want, html);
  assert.equal(extractTitle(`<title>${'x'.repeat(1000)}</title>`)?.length, 256);
  assert.equal(decodeEntities('&#0; &#xD800; &bogus;'), '&#0; &#xD800; &bogus;');
});

void test('our GET request and Host header', () => {
  const get = buildGet('/favicon.ico', hostHeader('::1', 8080, false)).toString();
  assert.match(get, /^GET \/favicon\.ico HTTP\/1\.1\r\nHost: \[::1\]:8080\r\n/);
  assert.match(get, /Connection: close\r\n\r\n$/);
  assert.equal(hostHeader('example.com', 443, true), 'example.com');
  assert.equal(hostHeader('example.com', 443, false), 'example.com:443');
  assert.equal(hostHeader('127.0.0.1', 80, false), '127.0.0.1');
});

void test('random bytes never make the HTTP parsers throw', () => {
  fc.assert(fc.property(fc.uint8Array({ maxLength: 800 }), (bytes) => {
    const b = Buffer.concat([Buffer.from('HTTP/1.1 200 OK\r\n'), Buffer.from(bytes)]);
    parseHttpResponse(b);
    parseHttpResponse(Buffer.from(bytes));
    dechunk(Buffer.from(bytes));
    extractTitle(Buffer.from(bytes));
  }), RUNS);
  fc.assert(fc.property(fc.string({ maxLength: 300 }), (s) => { extractTitle(`<title>${s}</title>`); decodeEntities(s); }), RUNS);
});
