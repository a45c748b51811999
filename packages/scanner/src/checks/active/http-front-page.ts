/**
 * Checks that judge the front page (`GET /`, fetched once per service): directory listing,
 * vendor default page, missing browser-protection headers and version disclosure. Each
 * judge is a pure function over the page evidence.
 */
import type { ActiveCheck, Finding } from '../types.ts';
import type { ServiceResult } from '../../types.ts';
import { findingOf, type VulnDefinition } from '../vuln-def.ts';
import { HTTP_DEFS as D } from './http-defs.ts';
import { frontPage, isHttp, pageEvidence, type PageEvidence } from './http-fetch.ts';

type Svc = Pick<ServiceResult, 'port' | 'protocol'>;

/** Auto-index signatures of common servers (Apache, nginx, lighttpd, IIS, Python, Tomcat). */
const LISTING = [/<title>\s*Index of \//i, /<h[12]>\s*Index of \//i, /<title>\s*Directory listing for \//i, /\[To Parent Directory\]/i, /<title>\s*Directory Listing For \//i];

/** Pure: the page is an automatic directory index. */
export function evaluateListing(p: PageEvidence, s: Svc): Finding[] {
  if (p.status !== 200) return [];
  const hit = LISTING.map((re) => re.exec(p.body)).find((m) => m !== null);
  return hit ? [findingOf(D.listing, s, 'http-directory-listing', `GET / returned 200 with "${hit[0].replace(/\s+/g, ' ')}"`)] : [];
}

/** Vendor default/test pages: [name, signature]. */
const DEFAULT_PAGES: [string, RegExp][] = [
  ['Apache2 distribution default page', /Apache2 (?:Ubuntu|Debian) Default Page/],
  ['Apache HTTP Server test page', /Apache HTTP Server Test Page|Test Page for the (?:Apache|Nginx) HTTP Server/],
  ['nginx welcome page', /<title>Welcome to nginx!<\/title>/],
  ['IIS start page', /<title>IIS Windows Server<\/title>|<title>IIS\d* Welcome<\/title>|iisstart\.png/],
  ['Tomcat default ROOT application', /If you're seeing this, you've successfully installed Tomcat/],
  ['lighttpd placeholder page', /<title>Placeholder page<\/title>[\s\S]*lighttpd/],
];

/** Pure: the page is a vendor default page (any status: CentOS serves its test page with 403). */
export function evaluateDefaultPage(p: PageEvidence, s: Svc): Finding[] {
  const hit = DEFAULT_PAGES.find(([, re]) => re.test(p.body));
  return hit ? [findingOf(D.defaultPage, s, 'http-default-page', `GET / (${p.status}) is the ${hit[0]}: "${(hit[1].exec(p.body)?.[0] ?? '').slice(0, 80)}"`)] : [];
}

/** Pure: an HTML front page without frame and MIME-sniffing protection (a JSON API is not judged). */
export function evaluateSecurityHeaders(p: PageEvidence, s: Svc): Finding[] {
  if (!/^text\/html/i.test(p.headers['content-type'] ?? '')) return [];
  const missing: string[] = [];
  if (p.headers['x-frame-options'] === undefined && p.headers['content-security-policy'] === undefined) missing.push('X-Frame-Options (or Content-Security-Policy)');
  if (p.headers['x-content-type-options'] === undefined) missing.push('X-Content-Type-Options');
  return missing.length > 0 ? [findingOf(D.headers, s, 'http-security-headers', `GET / (${p.status}, ${p.headers['content-type']}) lacks ${missing.join(' and ')}`)] : [];
}

/** Pure: a Server / X-Powered-By / X-AspNet-Version header carries a version number. */
export function evaluateVersionDisclosure(p: PageEvidence, s: Svc): Finding[] {
  const shown = (['server', 'x-powered-by', 'x-aspnet-version', 'x-aspnetmvc-version'] as const)
    .filter((h) => /\d/.test(p.headers[h] ?? ''))
    .map((h) => `${h}: ${p.headers[h] ?? ''}`);
  return shown.length > 0 ? [findingOf(D.version, s, 'http-server-version', shown.join('; '))] : [];
}

function frontPageCheck(id: string, title: string, def: VulnDefinition, judge: (p: PageEvidence, s: Svc) => Finding[]): ActiveCheck<PageEvidence> {
  return {
    meta: { id, title, categories: ['safe'], services: ['http', 'https'], reports: [def.id] },
    appliesTo: isHttp,
    run: async (ctx) => pageEvidence(await frontPage(ctx)),
    evaluate: (e, s) => judge(e, s),
  };
}

/** Directory listing on `/`. */
export const httpDirectoryListing = frontPageCheck('http-directory-listing', 'HTTP directory listing', D.listing, evaluateListing);
/** Vendor default page on `/`. */
export const httpDefaultPage = frontPageCheck('http-default-page', 'HTTP default page', D.defaultPage, evaluateDefaultPage);
/** Missing X-Frame-Options / X-Content-Type-Options on an HTML `/`. */
export const httpSecurityHeaders = frontPageCheck('http-security-headers', 'HTTP security headers missing', D.headers, evaluateSecurityHeaders);
/** Version in Server / X-Powered-By headers. */
export const httpServerVersion = frontPageCheck('http-server-version', 'HTTP server version disclosure', D.version, evaluateVersionDisclosure);
