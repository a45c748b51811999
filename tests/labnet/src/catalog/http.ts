/** HTTP profiles: Apache, nginx, IIS, Jetty, Tomcat, lighttpd and Elasticsearch with their default pages. */
import type { HttpPage, HttpProfile, OsTruth } from '../catalog-types.ts';

/** A 1x1 32-bit ICO in one colour, so each vendor's /favicon.ico has its own hash. */
export function tinyIco(r: number, g: number, b: number): string {
  const buf = Buffer.alloc(70);
  buf.writeUInt16LE(1, 2); buf.writeUInt16LE(1, 4); // ICONDIR: type icon, one image
  buf.writeUInt8(1, 6); buf.writeUInt8(1, 7); buf.writeUInt16LE(1, 10); buf.writeUInt16LE(32, 12);
  buf.writeUInt32LE(48, 14); buf.writeUInt32LE(22, 18); // image size and offset
  buf.writeUInt32LE(40, 22); buf.writeInt32LE(1, 26); buf.writeInt32LE(2, 30); // BITMAPINFOHEADER, height = XOR + AND
  buf.writeUInt16LE(1, 34); buf.writeUInt16LE(32, 36); buf.writeUInt32LE(8, 42);
  buf.writeUInt8(b, 62); buf.writeUInt8(g, 63); buf.writeUInt8(r, 64); buf.writeUInt8(255, 65);
  return buf.toString('base64');
}

/** True when the headers lack clickjacking or MIME-sniffing protection. */
export function missingSecurityHeaders(headers: [string, string][]): boolean {
  const names = new Set(headers.map(([n]) => n.toLowerCase()));
  const frame = names.has('x-frame-options') || names.has('content-security-policy');
  return !frame || !names.has('x-content-type-options');
}

function html(title: string, body: string): string {
  return `<!DOCTYPE html>\n<html>\n<head>\n<meta http-equiv="Content-Type" content="text/html; charset=UTF-8">\n<title>${title}</title>\n</head>\n<body>\n${body}\n</body>\n</html>\n`;
}

function page(status: number, reason: string, body: string, contentType = 'text/html', headers?: [string, string][]): HttpPage {
  return headers ? { status, reason, contentType, body, headers } : { status, reason, contentType, body };
}

function favicon(r: number, g: number, b: number): HttpPage {
  return { status: 200, reason: 'OK', contentType: 'image/x-icon', body: tinyIco(r, g, b), base64: true };
}

interface HttpInput {
  profile: string; server: string | null; vendor: string | null; product: string | null; version: string | null;
  cpe: string | null; os?: OsTruth; headers: [string, string][]; pages: Record<string, HttpPage>; notFound: HttpPage;
  trace: boolean; title: string | null; extra?: string[]; defaultPort?: number; description: string;
}

function http(i: HttpInput): HttpProfile {
  const root = i.pages['/'];
  const weaknesses: string[] = [];
  if (i.trace) weaknesses.push('http-trace-enabled');
  // Only HTML front pages are judged for browser-protection headers (a JSON API is not framed).
  if (root?.contentType.startsWith('text/html') && missingSecurityHeaders([...i.headers, ...(root.headers ?? [])])) {
    weaknesses.push('http-missing-security-headers');
  }
  weaknesses.push(...(i.extra ?? []));
  // Same headers a scanner reads for version disclosure (informational finding).
  const versioned = [['server', i.server ?? ''], ...i.headers, ...(root?.headers ?? [])]
    .some(([n, v]) => ['server', 'x-powered-by', 'x-aspnet-version', 'x-aspnetmvc-version'].includes((n ?? '').toLowerCase()) && /\d/.test(v ?? ''));
  if (versioned) weaknesses.push('http-server-version-disclosure');
  const p: HttpProfile = {
    profile: i.profile, type: 'http', name: 'http', tlsName: 'https', defaultPort: i.defaultPort ?? 80,
    vendor: i.vendor, product: i.product, version: i.version, cpe: i.cpe, weaknesses, description: i.description,
    server: i.server, headers: i.headers, pages: i.pages, notFound: i.notFound, trace: i.trace, title: i.title,
  };
  if (i.os) p.os = i.os;
  return p;
}

const apache404 = (server: string): HttpPage => page(404, 'Not Found',
  `<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<html><head>\n<title>404 Not Found</title>\n</head><body>\n<h1>Not Found</h1>\n<p>The requested URL was not found on this server.</p>\n<hr>\n<address>${server} Server</address>\n</body></html>\n`, 'text/html; charset=iso-8859-1');
const nginx404 = (v: string): HttpPage => page(404, 'Not Found',
  `<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1></center>\r\n<hr><center>nginx/${v}</center>\r\n</body>\r\n</html>\r\n`);
const iis404 = page(404, 'Not Found',
  '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">\r\n<html xmlns="http://www.w3.org/1999/xhtml">\r\n<head><title>404 - File or directory not found.</title></head>\r\n<body><h2>404 - File or directory not found.</h2></body>\r\n</html>\r\n');
const apacheStatic: [string, string][] = [['Last-Modified', 'Mon, 08 Jan 2024 10:12:44 GMT'], ['ETag', '"29af-60e6b3c4c9f00"'], ['Accept-Ranges', 'bytes'], ['Vary', 'Accept-Encoding']];
const ubuntuPage = (distro: string): string => html(`Apache2 ${distro} Default Page: It works`,
  `<div class="main_page"><div class="page_header floating_element"><span class="floating_element">Apache2 ${distro} Default Page</span></div>\n<div class="section_header">It works!</div>\n<p>This is the default welcome page used to test the correct operation of the Apache2 server after installation on ${distro} systems.</p>\n<p>Configuration Overview: /etc/apache2/apache2.conf, ports.conf, mods-enabled, conf-enabled, sites-enabled.</p></div>`);
const nginxWelcome = html('Welcome to nginx!', '<h1>Welcome to nginx!</h1>\n<p>If you see this page, the nginx web server is successfully installed and\nworking. Further configuration is required.</p>\n<p><em>Thank you for using nginx.</em></p>');
const iisStart = '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">\r\n<html xmlns="http://www.w3.org/1999/xhtml">\r\n<head>\r\n<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1" />\r\n<title>IIS Windows Server</title>\r\n</head>\r\n<body>\r\n<div id="container"><a href="http://go.microsoft.com/fwlink/?linkid=66138&amp;clcid=0x409"><img src="iisstart.png" alt="IIS" width="960" height="600" /></a></div>\r\n</body>\r\n</html>';
const iisHeaders = (etag: string): [string, string][] => [['Last-Modified', 'Thu, 14 Mar 2024 16:40:12 GMT'], ['Accept-Ranges', 'bytes'], ['ETag', etag], ['X-Powered-By', 'ASP.NET']];
const jettyError = (v: string): string => `<html>\n<head>\n<meta http-equiv="Content-Type" content="text/html;charset=ISO-8859-1"/>\n<title>Error 404 Not Found</title>\n</head>\n<body><h2>HTTP ERROR 404 Not Found</h2>\n<table>\n<tr><th>URI:</th><td>/</td></tr>\n<tr><th>STATUS:</th><td>404</td></tr>\n<tr><th>MESSAGE:</th><td>Not Found</td></tr>\n<tr><th>SERVLET:</th><td>-</td></tr>\n</table>\n<hr><a href="https://eclipse.org/jetty">Powered by Jetty:// ${v}</a><hr/>\n\n</body>\n</html>\n`;
const tomcatHome = (v: string): string => `<!DOCTYPE html>\n<html lang="en">\n    <head>\n        <meta charset="UTF-8" />\n        <title>Apache Tomcat/${v}</title>\n        <link href="favicon.ico" rel="icon" type="image/x-icon" />\n        <link href="tomcat.css" rel="stylesheet" type="text/css" />\n    </head>\n    <body>\n        <div id="wrapper"><div id="navigation" class="curved container"><span id="nav-home"><a href="https://tomcat.apache.org/">Home</a></span></div>\n        <div id="asf-box"><h1>Apache Tomcat/${v}</h1></div>\n        <h2>If you're seeing this, you've successfully installed Tomcat. Congratulations!</h2>\n        <h3>Manager App</h3><a class="container shadow" href="/manager/html"><span>Manager App</span></a></div>\n    </body>\n</html>\n`;
const lighttpdIndex = html('Index of /', '<h2>Index of /</h2>\n<div class="list">\n<table summary="Directory Listing" cellpadding="0" cellspacing="0">\n<thead><tr><th class="n">Name</th><th class="m">Last Modified</th><th class="s">Size</th><th class="t">Type</th></tr></thead>\n<tbody>\n<tr class="d"><td class="n"><a href="../">..</a>/</td><td class="m">&nbsp;</td><td class="s">- &nbsp;</td><td class="t">Directory</td></tr>\n<tr class="d"><td class="n"><a href="backup/">backup</a>/</td><td class="m">2024-Feb-02 09:14:51</td><td class="s">- &nbsp;</td><td class="t">Directory</td></tr>\n<tr><td class="n"><a href="config.php.bak">config.php.bak</a></td><td class="m">2024-Feb-02 09:13:07</td><td class="s">2.1K</td><td class="t">application/octet-stream</td></tr>\n</tbody>\n</table>\n</div>\n<div class="foot">lighttpd/1.4.59</div>');
const esRoot = (v: string, lucene: string, build: string): string => `${JSON.stringify({
  name: 'es-node-1', cluster_name: 'labnet-logs', cluster_uuid: 'q3V8kS0gR2O6V5vS1lq7Kg',
  version: { number: v, build_flavor: 'default', build_type: 'deb', build_hash: build, build_date: '2023-11-29T10:20:01.000000000Z', build_snapshot: false, lucene_version: lucene, minimum_wire_compatibility_version: '6.8.0', minimum_index_compatibility_version: '6.0.0-beta1' },
  tagline: 'You Know, for Search',
}, null, 2)}\n`;

/** Every HTTP profile. */
export const HTTP_PROFILES: HttpProfile[] = [
  http({
    profile: 'apache-2.4.52-ubuntu', server: 'Apache/2.4.52 (Ubuntu)', vendor: 'Apache', product: 'HTTPD', version: '2.4.52',
    cpe: 'cpe:/a:apache:http_server:2.4.52', os: { vendor: 'Ubuntu', product: 'Linux' }, headers: apacheStatic,
    pages: { '/': page(200, 'OK', ubuntuPage('Ubuntu')), '/favicon.ico': favicon(200, 40, 80) },
    notFound: apache404('Apache/2.4.52 (Ubuntu)'), trace: false, title: 'Apache2 Ubuntu Default Page: It works',
    extra: ['http-default-page'], description: 'Apache httpd on Ubuntu 22.04 with the distribution default page (TraceEnable Off in security.conf)',
  }),
  http({
    profile: 'apache-2.4.6-centos', server: 'Apache/2.4.6 (CentOS) OpenSSL/1.0.2k-fips', vendor: 'Apache', product: 'HTTPD', version: '2.4.6',
    cpe: 'cpe:/a:apache:http_server:2.4.6', os: { vendor: 'CentOS', product: 'Linux' }, headers: [['Last-Modified', 'Thu, 16 Oct 2014 13:20:58 GMT'], ['ETag', '"1321-5058a1e728280"'], ['Accept-Ranges', 'bytes']],
    // CentOS 7's welcome.conf serves the test page with 403 when DocumentRoot has no index.
    pages: { '/': page(403, 'Forbidden', html('Apache HTTP Server Test Page powered by CentOS', '<h1>Testing 123..</h1>\n<p class="lead">This page is used to test the proper operation of the Apache HTTP server after it has been installed.</p>')), '/favicon.ico': favicon(120, 0, 0) },
    notFound: apache404('Apache/2.4.6 (CentOS) OpenSSL/1.0.2k-fips'), trace: true, title: 'Apache HTTP Server Test Page powered by CentOS',
    extra: ['http-default-page'], description: 'Apache httpd on CentOS 7: TraceEnable defaults to on, test page served with 403',
  }),
  http({
    profile: 'apache-2.4.57-debian', server: 'Apache/2.4.57 (Debian)', vendor: 'Apache', product: 'HTTPD', version: '2.4.57',
    cpe: 'cpe:/a:apache:http_server:2.4.57', os: { vendor: 'Debian', product: 'Linux' }, headers: apacheStatic,
    pages: { '/': page(200, 'OK', ubuntuPage('Debian')), '/favicon.ico': favicon(200, 0, 60) },
    notFound: apache404('Apache/2.4.57 (Debian)'), trace: false, title: 'Apache2 Debian Default Page: It works',
    extra: ['http-default-page'], description: 'Apache httpd on Debian 12 with the distribution default page',
  }),
  http({
    profile: 'nginx-1.18.0', server: 'nginx/1.18.0 (Ubuntu)', vendor: 'nginx', product: 'nginx', version: '1.18.0', cpe: 'cpe:/a:f5:nginx:1.18.0',
    headers: [['Last-Modified', 'Tue, 21 Apr 2020 14:09:01 GMT'], ['ETag', '"5e9efe7d-264"'], ['Accept-Ranges', 'bytes']],
    pages: { '/': page(200, 'OK', nginxWelcome), '/favicon.ico': favicon(0, 150, 57) },
    notFound: nginx404('1.18.0 (Ubuntu)'), trace: false, title: 'Welcome to nginx!', extra: ['http-default-page'],
    description: 'nginx 1.18.0 from Ubuntu 20.04/22.04 with the welcome page',
  }),
  http({
    profile: 'nginx-1.24.0-ubuntu', server: 'nginx/1.24.0 (Ubuntu)', vendor: 'nginx', product: 'nginx', version: '1.24.0', cpe: 'cpe:/a:f5:nginx:1.24.0',
    headers: [['X-Frame-Options', 'SAMEORIGIN'], ['X-Content-Type-Options', 'nosniff'], ['Content-Security-Policy', "default-src 'self'"], ['Referrer-Policy', 'strict-origin-when-cross-origin']],
    pages: { '/': page(200, 'OK', html('Intranet portal', '<h1>Intranet portal</h1>\n<p>Sign in with your directory account.</p><form method="post" action="/login"><input name="user"><input name="password" type="password"></form>')), '/favicon.ico': favicon(0, 90, 160) },
    notFound: nginx404('1.24.0 (Ubuntu)'), trace: false, title: 'Intranet portal',
    description: 'nginx 1.24.0 on Ubuntu 24.04 serving an application, hardened headers (the clean control case)',
  }),
  http({
    profile: 'iis-10.0', server: 'Microsoft-IIS/10.0', vendor: 'Microsoft', product: 'IIS', version: '10.0', cpe: 'cpe:/a:microsoft:iis:10.0',
    os: { vendor: 'Microsoft', product: 'Windows' }, headers: iisHeaders('"8a2e0f1c3d76da1:0"'),
    pages: { '/': page(200, 'OK', iisStart), '/favicon.ico': favicon(0, 120, 215) }, notFound: iis404, trace: false,
    title: 'IIS Windows Server', extra: ['http-default-page'], description: 'IIS 10 (Windows Server 2016/2019/2022) with iisstart.htm',
  }),
  http({
    profile: 'iis-8.5', server: 'Microsoft-IIS/8.5', vendor: 'Microsoft', product: 'IIS', version: '8.5', cpe: 'cpe:/a:microsoft:iis:8.5',
    os: { vendor: 'Microsoft', product: 'Windows Server 2012 R2' }, headers: iisHeaders('"0c1d8b4e3d9d91:0"'),
    pages: { '/': page(200, 'OK', iisStart), '/favicon.ico': favicon(0, 100, 190) }, notFound: iis404, trace: false,
    title: 'IIS Windows Server', extra: ['http-default-page'], description: 'IIS 8.5 (Windows Server 2012 R2) with iisstart.htm',
  }),
  http({
    profile: 'jetty-9.4.53', server: 'Jetty(9.4.53.v20231009)', vendor: 'Eclipse', product: 'Jetty', version: '9.4.53.v20231009',
    cpe: 'cpe:/a:eclipse:jetty:9.4.53.v20231009', headers: [['Cache-Control', 'must-revalidate,no-cache,no-store']], defaultPort: 8080,
    pages: { '/': page(404, 'Not Found', jettyError('9.4.53.v20231009'), 'text/html;charset=iso-8859-1') },
    notFound: page(404, 'Not Found', jettyError('9.4.53.v20231009'), 'text/html;charset=iso-8859-1'), trace: false,
    title: 'Error 404 Not Found', description: 'Embedded Jetty 9.4 with no root context (error page shows the version)',
  }),
  http({
    profile: 'tomcat-7.0.109', server: 'Apache-Coyote/1.1', vendor: 'Apache', product: 'Tomcat', version: '7.0.109', cpe: 'cpe:/a:apache:tomcat:7.0.109',
    headers: [], defaultPort: 8080,
    pages: { '/': page(200, 'OK', tomcatHome('7.0.109'), 'text/html;charset=UTF-8'), '/favicon.ico': favicon(248, 152, 29), '/manager/html': page(401, 'Unauthorized', html('401 Unauthorized', '<h1>401 Unauthorized</h1>'), 'text/html;charset=ISO-8859-1', [['WWW-Authenticate', 'Basic realm="Tomcat Manager Application"']]) },
    notFound: page(404, 'Not Found', html('Apache Tomcat/7.0.109 - Error report', '<h1>HTTP Status 404 - /missing</h1>'), 'text/html;charset=utf-8'), trace: false,
    title: 'Apache Tomcat/7.0.109', extra: ['http-default-page'],
    description: 'Tomcat 7 (Coyote connector Server header) with the default ROOT webapp; version only in the title',
  }),
  http({
    profile: 'lighttpd-1.4.59', server: 'lighttpd/1.4.59', vendor: 'lighttpd', product: 'lighttpd', version: '1.4.59', cpe: 'cpe:/a:lighttpd:lighttpd:1.4.59',
    os: { vendor: 'Debian', product: 'Linux' }, headers: [],
    pages: { '/': page(200, 'OK', lighttpdIndex, 'text/html;charset=utf-8'), '/favicon.ico': favicon(255, 170, 0) },
    notFound: page(404, 'Not Found', html('404 Not Found', '<h1>404 Not Found</h1>')), trace: false, title: 'Index of /',
    extra: ['http-directory-listing'], description: 'lighttpd 1.4.59 (Debian 11) with dir-listing.activate = "enable"',
  }),
  http({
    profile: 'elasticsearch-7.17.16', server: null, vendor: 'Elastic', product: 'Elasticsearch', version: '7.17.16', cpe: 'cpe:/a:elastic:elasticsearch:7.17.16',
    headers: [['X-elastic-product', 'Elasticsearch']], defaultPort: 9200,
    pages: { '/': page(200, 'OK', esRoot('7.17.16', '8.11.1', '2b23a5f0b8d6c1e6b0f7c8b4a6e2f1d9c3b5a7e8'), 'application/json; charset=UTF-8') },
    notFound: page(404, 'Not Found', '{"error":{"root_cause":[{"type":"index_not_found_exception","reason":"no such index"}],"type":"index_not_found_exception","reason":"no such index"},"status":404}\n', 'application/json; charset=UTF-8'),
    trace: false, title: null, extra: ['elasticsearch-unauthenticated'],
    description: 'Elasticsearch 7.17 REST API on 9200 with security disabled (pre-8 default)',
  }),
];
