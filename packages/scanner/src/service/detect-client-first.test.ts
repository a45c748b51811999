import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import type { Socket } from 'node:net';
import { encodeBson, decodeBson } from './bson.ts';
import { detectTcpService } from './detect-tcp.ts';
import { ADDR, onRequest, serve, tableMatcher, type Scripted } from './loopback-fixture.ts';
import { buildOpMsg } from './mongo-wire.ts';
import type { DetectOptions, NmapMatcher } from './options.ts';

const T = { timeout: 30_000 };
const matcher = tableMatcher({
  'http_header.server': [[/^Apache\/([\d.]+)/, { 'service.vendor': 'Apache', 'service.product': 'HTTPD', 'service.version': '$1' }]],
  'favicon.md5': [[/^[0-9a-f]{32}$/, { 'favicon.app': 'test-app' }]],
  'redis.info': [[/^redis_version:([\d.]+)\r?$/m, { 'service.vendor': 'Redis', 'service.product': 'Redis', 'service.version': '$1' }]],
});

function opts(extra: Partial<DetectOptions> = {}): DetectOptions {
  return { matcher, assertInScope: () => {}, readTimeoutMs: 1000, totalTimeoutMs: 8000, ...extra };
}

async function withServer(handler: (s: Socket) => void, run: (srv: Scripted) => Promise<void>): Promise<void> {
  const srv = await serve(handler);
  try { await run(srv); } finally { await srv.close(); }
}

const FAVICON = Buffer.from('00000100010010100000010020006804', 'hex');

function httpServer(pages: Record<string, { status?: string; headers?: string[]; body: Buffer | string }>): (s: Socket) => void {
  return (s) => onRequest(s, (d) => d.includes('\r\n\r\n'), (d) => {
    const path = /^GET (\S+) /.exec(d.toString('latin1'))?.[1] ?? '/';
    const page = pages[path] ?? { status: '404 Not Found', body: 'no' };
    const body = Buffer.isBuffer(page.body) ? page.body : Buffer.from(page.body);
    s.end(Buffer.concat([Buffer.from([`HTTP/1.1 ${page.status ?? '200 OK'}`, ...(page.headers ?? []), `Content-Length: ${body.length}`, 'Connection: close', '', ''].join('\r\n')), body]));
  });
}

void test('HTTP: status, headers, title, favicon MD5, cookies and evidence', T, async () => {
  let requests: string[] = [];
  await withServer((s) => {
    onRequest(s, (d) => d.includes('\r\n\r\n'), (d) => { requests.push(d.toString('latin1')); });
    httpServer({
      '/': { headers: ['Server: Apache/2.4.52 (Ubuntu)', 'Set-Cookie: PHPSESSID=abc; path=/', 'WWW-Authenticate: Basic realm="x"'], body: '<html><title>Apache2 Ubuntu Default Page: It &amp; works</title></html>' },
      '/favicon.ico': { headers: ['Content-Type: image/x-icon'], body: FAVICON },
    })(s);
  }, async ({ port }) => {
    requests = [];
    const r = await detectTcpService(ADDR, port, opts({ hostname: 'web1.lab' }));
    assert.equal(r.name, 'http');
    assert.equal(r.product, 'HTTPD');
    assert.equal(r.version, '2.4.52');
    assert.equal(r.http?.statusCode, 200);
    assert.equal(r.http?.server, 'Apache/2.4.52 (Ubuntu)');
    assert.equal(r.http?.title, 'Apache2 Ubuntu Default Page: It & works');
    assert.equal(r.http?.faviconMd5, createHash('md5').update(FAVICON).digest('hex'));
    assert.equal(r.params?.['favicon.app'], 'test-app');
    for (const key of ['http_header.server', 'html_title', 'http_header.cookie', 'http_header.wwwauth', 'favicon.md5', 'http_body']) {
      assert.ok(r.evidence.some((e) => e.key === key), `evidence for ${key}`);
    }
    assert.ok(requests.some((q) => q.startsWith('GET / HTTP/1.1\r\n') && q.includes(`Host: web1.lab:${port}\r\n`) && q.includes('Connection: close')));
  });
});

void test('Elasticsearch is recognised from its JSON banner', T, async () => {
  const body = JSON.stringify({ name: 'n1', cluster_name: 'c', version: { number: '7.17.16' }, tagline: 'You Know, for Search' });
  await withServer(httpServer({ '/': { headers: ['Content-Type: application/json; charset=UTF-8'], body } }), async ({ port }) => {
    const r = await detectTcpService(ADDR, port, opts());
    assert.equal(r.name, 'http');
    assert.equal(r.product, 'Elasticsearch');
    assert.equal(r.version, '7.17.16');
    assert.equal(r.cpe, 'cpe:2.3:a:elastic:elasticsearch:7.17.16:*:*:*:*:*:*:*');
  });
});

/** A RESP server: answers each command line; `auth` makes every command NOAUTH. */
function redisServer(version: string, auth: boolean): (s: Socket) => void {
  return (s) => {
    let buf = '';
    s.on('data', (d: Buffer) => {
      buf += d.toString('latin1');
      // Commands arrive as RESP arrays or inline lines; answer per command word seen.
      for (const m of buf.matchAll(/(?:^|\n)(?:\$\d+\r\n)?(PING|INFO|GET|version|\*\d)/g)) {
        const cmd = m[1] ?? '';
        if (auth && (cmd === 'PING' || cmd === 'INFO')) s.write('-NOAUTH Authentication required.\r\n');
        else if (cmd === 'PING') s.write('+PONG\r\n');
        else if (cmd === 'INFO') { const info = `# Server\r\nredis_version:${version}\r\nos:Linux 5.15.0-91-generic x86_64\r\n`; s.write(`$${info.length}\r\n${info}\r\n`); }
        else if (cmd === 'GET') s.write("-ERR wrong number of arguments for 'get' command\r\n");
      }
      buf = '';
    });
  };
}

void test('Redis: PING and INFO on any port; NOAUTH still identifies it', T, async () => {
  await withServer(redisServer('7.2.4', false), async ({ port }) => {
    const r = await detectTcpService(ADDR, port, opts());
    assert.equal(r.name, 'redis');
    assert.equal(r.version, '7.2.4');
    assert.equal(r.params?.['redis.auth_required'], 'false');
    assert.equal(r.params?.['redis.os'], 'Linux 5.15.0-91-generic x86_64');
  });
  await withServer(redisServer('7.0.15', true), async ({ port }) => {
    const r = await detectTcpService(ADDR, port, opts());
    assert.equal(r.name, 'redis');
    assert.equal(r.product, 'Redis');
    assert.equal(r.version, undefined);
    assert.equal(r.params?.['redis.auth_required'], 'true');
  });
});

void test('memcached answers `version`; our HTTP GET is answered END/ERROR', T, async () => {
  await withServer((s) => s.on('data', (d: Buffer) => {
    for (const line of d.toString('latin1').split('\r\n').filter(Boolean)) s.write(line === 'version' ? 'VERSION 1.6.21\r\n' : /^GET /.test(line) ? 'END\r\n' : 'ERROR\r\n');
  }), async ({ port }) => {
    const r = await detectTcpService(ADDR, port, opts());
    assert.equal(r.name, 'memcached');
    assert.equal(r.product, 'Memcached');
    assert.equal(r.version, '1.6.21');
  });
});

/** A MongoDB speaking OP_MSG (or, with legacy, only OP_QUERY / OP_REPLY like servers before 3.6). */
function mongoServer(legacy: boolean): (s: Socket) => void {
  return (s) => {
    let buf = Buffer.alloc(0);
    s.on('data', (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      while (buf.length >= 16) {
        const len = buf.readInt32LE(0);
        if (len < 16 || len > 65536) { s.destroy(); return; }
        if (buf.length < len) return;
        const msg = buf.subarray(0, len);
        buf = buf.subarray(len);
        const op = msg.readInt32LE(12);
        const id = msg.readInt32LE(4);
        if (op === 2013 && !legacy) {
          const cmd = decodeBson(msg, 21);
          const isBuild = typeof cmd !== 'string' && 'buildInfo' in cmd.doc;
          const reply = buildOpMsg(100 + id, isBuild ? { version: '7.0.8', gitVersion: 'abc', ok: 1 } : { isWritablePrimary: true, maxWireVersion: 21, ok: 1 });
          reply.writeInt32LE(id, 8);
          s.write(reply);
        } else if (op === 2004) {
          const doc = encodeBson(msg.includes(Buffer.from('buildinfo')) ? { version: '3.4.24', ok: 1 } : { ismaster: true, maxWireVersion: 5, ok: 1 });
          const head = Buffer.alloc(36);
          head.writeInt32LE(36 + doc.length, 0);
          head.writeInt32LE(id, 8);
          head.writeInt32LE(1, 12);
          head.writeInt32LE(1, 32);
          s.write(Buffer.concat([head, doc]));
        } else { s.destroy(); return; }
      }
    });
  };
}

void test('MongoDB: OP_MSG hello/buildInfo, and legacy OP_QUERY for old servers', T, async () => {
  await withServer(mongoServer(false), async ({ port }) => {
    const r = await detectTcpService(ADDR, port, opts());
    assert.equal(r.name, 'mongodb');
    assert.equal(r.version, '7.0.8');
    assert.equal(r.params?.['mongodb.auth_required'], 'false');
  });
  await withServer(mongoServer(true), async ({ port }) => {
    const r = await detectTcpService(ADDR, port, opts());
    assert.equal(r.name, 'mongodb');
    assert.equal(r.version, '3.4.24');
  });
});

void test('PostgreSQL: SSLRequest answered N, StartupMessage refused by pg_hba', T, async () => {
  await withServer((s) => {
    let step = 0;
    s.on('data', (d: Buffer) => {
      if (step === 0 && d.length === 8 && d.readInt32BE(4) === 80877103) { step = 1; s.write('N'); return; }
      if (d.length >= 8 && d.readInt32BE(4) === 196608) {
        const body = Buffer.from('SFATAL\0VFATAL\0C28000\0Mno pg_hba.conf entry for host "127.0.6.1", user "farsight"\0RClientAuthentication\0\0');
        const h = Buffer.alloc(5);
        h.write('E');
        h.writeInt32BE(body.length + 4, 1);
        s.end(Buffer.concat([h, body]));
      } else if (step === 0) s.destroy();
    });
  }, async ({ port }) => {
    const r = await detectTcpService(ADDR, port, opts());
    assert.equal(r.name, 'postgresql');
    assert.equal(r.product, 'PostgreSQL');
    assert.equal(r.params?.['postgresql.ssl'], 'not supported');
    assert.equal(r.params?.['postgresql.error_code'], '28000');
    assert.ok(r.evidence.some((e) => e.key === 'postgresql.error' && e.value.startsWith('28000 no pg_hba.conf entry')));
  });
});

void test('an unknown banner goes to the nmap database, on the bytes already read', T, async () => {
  const seen: [string, string | undefined][] = [];
  const nmap: NmapMatcher = {
    match(response, probe) {
      const text = typeof response === 'string' ? response : Buffer.from(response).toString('latin1');
      seen.push([text, probe]);
      return /^XYZZY server ([\d.]+)/.test(text)
        ? { service: 'xyzzy', soft: false, product: 'Xyzzy', version: '2.1', cpe: ['cpe:/a:xyzzy:xyzzy:2.1'], fingerprint: 'nmap:NULL:42', params: { 'service.name': 'xyzzy', 'service.product': 'Xyzzy', 'service.version': '2.1', 'service.cpe23': 'cpe:/a:xyzzy:xyzzy:2.1' } }
        : undefined;
    },
  };
  await withServer((s) => s.write('XYZZY server 2.1 ready\r\n'), async ({ port }) => {
    const r = await detectTcpService(ADDR, port, opts({ nmap }));
    assert.equal(r.name, 'xyzzy');
    assert.equal(r.product, 'Xyzzy');
    assert.equal(r.version, '2.1');
    assert.equal(r.cpe, 'cpe:2.3:a:xyzzy:xyzzy:2.1:*:*:*:*:*:*:*');
    assert.ok(r.evidence.some((e) => e.fingerprint === 'nmap:NULL:42'));
    assert.deepEqual(seen.map(([, p]) => p), ['NULL']);
  });
});
