// Pure HTTP verdicts: TRACE echo, listings, default pages, headers, versions, Elasticsearch.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateTrace } from './http-trace.ts';
import { evaluateDefaultPage, evaluateListing, evaluateSecurityHeaders, evaluateVersionDisclosure } from './http-front-page.ts';
import { evaluateElasticsearch } from './elasticsearch-unauth.ts';
import type { PageEvidence } from './http-fetch.ts';

const S = { port: 80, protocol: 'tcp' as const };
const n = (fs: unknown[]): number => fs.length;
const page = (status: number, body: string, headers: Record<string, string> = { 'content-type': 'text/html' }): PageEvidence => ({ status, body, headers });

test('TRACE: 200 with the marker echoed, nothing else', () => {
  assert.equal(n(evaluateTrace({ marker: 'farsight-ab12', reply: page(200, 'TRACE / HTTP/1.1\r\nX-Farsight-Trace: farsight-ab12\r\n', { 'content-type': 'message/http' }) }, S)), 1);
  assert.equal(n(evaluateTrace({ marker: 'farsight-ab12', reply: page(405, 'Method Not Allowed') }, S)), 0);
  assert.equal(n(evaluateTrace({ marker: 'farsight-ab12', reply: page(200, '<html>home page</html>') }, S)), 0, '200 without echo (a catch-all app)');
});

test('directory listing and default page tables', () => {
  const listing: [string, PageEvidence, number][] = [
    ['Apache index', page(200, '<html><head><title>Index of /</title></head>'), 1],
    ['lighttpd index', page(200, '<h2>Index of /</h2>'), 1],
    ['IIS listing', page(200, '<pre><A HREF="/">[To Parent Directory]</A>'), 1],
    ['Python http.server', page(200, '<title>Directory listing for /</title>'), 1],
    ['a page that talks about indexes', page(200, '<p>See the index of our products</p>'), 0],
    ['403 forbidden index', page(403, '<title>Index of /</title>'), 0],
  ];
  for (const [name, p, want] of listing) assert.equal(n(evaluateListing(p, S)), want, name);
  const defaults: [string, PageEvidence, number][] = [
    ['Ubuntu Apache', page(200, '<title>Apache2 Ubuntu Default Page: It works</title>'), 1],
    ['CentOS test page served 403', page(403, '<title>Apache HTTP Server Test Page powered by CentOS</title>'), 1],
    ['nginx welcome', page(200, '<title>Welcome to nginx!</title>'), 1],
    ['IIS start', page(200, '<title>IIS Windows Server</title>'), 1],
    ['Tomcat ROOT', page(200, "<h2>If you're seeing this, you've successfully installed Tomcat. Congratulations!</h2>"), 1],
    ['real site', page(200, '<title>Operations portal</title>'), 0],
  ];
  for (const [name, p, want] of defaults) assert.equal(n(evaluateDefaultPage(p, S)), want, name);
});

test('security headers: HTML only; frame protection by XFO or CSP; nosniff', () => {
  const rows: [string, Record<string, string>, string | null][] = [
    ['none', { 'content-type': 'text/html' }, 'X-Frame-Options (or Content-Security-Policy) and X-Content-Type-Options'],
    ['XFO only', { 'content-type': 'text/html', 'x-frame-options': 'DENY' }, 'X-Content-Type-Options'],
    ['CSP + nosniff', { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': "default-src 'self'", 'x-content-type-options': 'nosniff' }, null],
    ['JSON API not judged', { 'content-type': 'application/json' }, null],
  ];
  for (const [name, headers, missing] of rows) {
    const f = evaluateSecurityHeaders(page(200, '', headers), S);
    if (missing === null) assert.equal(f.length, 0, name);
    else assert.match(f[0]?.proof ?? '', new RegExp(`lacks ${missing.replace(/[()]/g, '\\$&')}$`), name);
  }
  assert.equal(evaluateSecurityHeaders(page(200, '', { 'content-type': 'text/html' }), S)[0]?.severity, 'low');
});

test('version disclosure', () => {
  assert.equal(n(evaluateVersionDisclosure(page(200, '', { server: 'Apache/2.4.52 (Ubuntu)' }), S)), 1);
  assert.equal(n(evaluateVersionDisclosure(page(200, '', { server: 'nginx', 'x-powered-by': 'PHP/8.1.2' }), S)), 1);
  assert.equal(n(evaluateVersionDisclosure(page(200, '', { server: 'nginx', 'x-powered-by': 'ASP.NET' }), S)), 0);
  assert.equal(evaluateVersionDisclosure(page(200, '', { server: 'Microsoft-IIS/10.0' }), S)[0]?.severity, 'info');
});

test('Elasticsearch: 200 with a cluster banner only', () => {
  const banner = JSON.stringify({ name: 'n1', cluster_name: 'logs', version: { number: '7.17.16' }, tagline: 'You Know, for Search' });
  assert.equal(n(evaluateElasticsearch(page(200, banner, { 'content-type': 'application/json' }), S)), 1);
  assert.equal(n(evaluateElasticsearch(page(401, '{"error":{"type":"security_exception"},"status":401}'), S)), 0);
  assert.equal(n(evaluateElasticsearch(page(200, '<html>not json</html>'), S)), 0);
  assert.equal(n(evaluateElasticsearch(page(200, '{"cluster_name":7}'), S)), 0);
});
