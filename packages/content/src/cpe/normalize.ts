/**
 * Product normalisation: what a detected service says (fingerprint vendor/product/version,
 * CPE, params, banner, Server header) → the products and upstream versions version rules are written
 * for, each with the distribution build it may be. `OpenSSH_8.9p1` → `openbsd:openssh` 8.9p1;
 * `Apache/2.4.6 (CentOS) OpenSSL/1.0.2k-fips` → Apache 2.4.6 and OpenSSL 1.0.2k, both CentOS builds.
 */
import { formatCpe, applicationCpe, parseCpe } from './cpe.ts';
import { distroFromHostOs, distroFromText, opensshDistroBuild, type DistroBuild } from './distro.ts';
import { productByKey, productByName, PRODUCTS, type ProductDef } from './products.ts';

/** What the scanner learnt about a service (a plain subset of its ServiceResult). */
export interface ServiceFacts {
  name: string;
  vendor?: string;
  product?: string;
  version?: string;
  cpe?: string;
  banner?: string;
  /** SSH identification comment (`Ubuntu-3ubuntu0.10`). */
  sshComments?: string;
  /** SSH software version (`OpenSSH_8.9p1`). */
  sshSoftware?: string;
  /** HTTP Server header. */
  httpServer?: string;
  /** Fingerprint params (Recog names): `service.cpe23`, `service.product`, `service.version`, … fill gaps. */
  params?: Record<string, string>;
}

/** The host's OS guess, as far as distribution logic needs it. */
export interface HostOsFacts {
  vendor?: string;
  product?: string;
  version?: string;
}

/** One product running behind a service, ready for version rules. */
export interface ProductIdentity {
  product: ProductDef;
  /** Upstream version, cleaned (`9.4.53` from `9.4.53.v20231009`). */
  version: string;
  /** CPE 2.3 formatted string of the product and version. */
  cpe: string;
  /** What revealed the version (quoted in proofs). */
  evidence: string;
  /** The distribution build it is, when the service or host says so. */
  build?: DistroBuild;
}

const VERSION_RE = /^\d+(?:\.\d+)*(?:[a-z]{1,2}\d*)?(?:[-.](?:P|p|rc|RC|M|beta|alpha)\d+)?/;

/** Longest version kept; real ones are far shorter (a longer one is garbage, not a product version). */
const MAX_VERSION_CHARS = 64;

/** The upstream version at the start of a version string, or undefined when it has none. */
export function cleanVersion(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  const m = VERSION_RE.exec(raw.trim().slice(0, MAX_VERSION_CHARS + 1));
  return m && m[0].length <= MAX_VERSION_CHARS ? m[0] : undefined;
}

function fromCpe(cpe: string | undefined): { product: ProductDef; version?: string } | undefined {
  if (!cpe) return undefined;
  try {
    const c = parseCpe(cpe);
    const product = productByKey(`${c.vendor}:${c.product}`);
    if (!product) return undefined;
    const version = c.version === '*' || c.version === '-' ? undefined : c.version;
    return { product, ...(version ? { version } : {}) };
  } catch {
    return undefined; // A fingerprint's malformed CPE is not the user's problem: fall back to names.
  }
}

/** The facts with gaps filled from fingerprint params (a fingerprint may set only `service.cpe23`). */
function withParams(f: ServiceFacts): ServiceFacts {
  const p = f.params;
  if (!p) return f;
  const out = { ...f };
  out.cpe ??= p['service.cpe23'];
  out.vendor ??= p['service.vendor'];
  out.product ??= p['service.product'];
  out.version ??= p['service.version'];
  return out;
}

function primary(f: ServiceFacts): { product: ProductDef; version: string; evidence: string } | undefined {
  const byCpe = fromCpe(f.cpe);
  const byName = f.product ? productByName(f.vendor, f.product) : undefined;
  const product = byCpe?.product ?? byName;
  const texts = [f.sshSoftware, f.httpServer, f.banner].filter((t): t is string => Boolean(t));
  if (product) {
    const version = cleanVersion(f.version) ?? cleanVersion(byCpe?.version) ?? fromPatterns(product, texts);
    if (version) return { product, version, evidence: evidenceText(f, version) };
    return undefined;
  }
  for (const p of PRODUCTS) {
    const version = fromPatterns(p, texts);
    if (version) return { product: p, version, evidence: evidenceText(f, version) };
  }
  return undefined;
}

function fromPatterns(product: ProductDef, texts: string[]): string | undefined {
  for (const t of texts) for (const p of product.patterns) {
    const v = cleanVersion(p.exec(t)?.[1]);
    if (v) return v;
  }
  return undefined;
}

function evidenceText(f: ServiceFacts, version: string): string {
  if (f.sshSoftware) return `SSH identification ${[f.sshSoftware, f.sshComments].filter(Boolean).join(' ')}`;
  if (f.httpServer) return `Server: ${f.httpServer}`;
  if (f.banner) return `banner ${f.banner.slice(0, 120)}`;
  return `${[f.vendor, f.product].filter(Boolean).join(' ')} version ${f.version ?? version}`;
}

function buildOf(product: ProductDef, version: string, f: ServiceFacts, os: HostOsFacts | undefined): DistroBuild | undefined {
  if (product.key === 'openbsd:openssh' && f.sshComments) {
    const b = opensshDistroBuild(version, f.sshComments);
    if (b) return b;
  }
  const own = [f.sshComments, f.httpServer, f.version, f.banner].filter((t): t is string => Boolean(t)).join(' ');
  const fromText = distroFromText(own);
  if (fromText) return fromText;
  return product.distroPackaged && os ? distroFromHostOs(os) : undefined;
}

/** Every known product the service reveals, with version and distribution build. */
export function identifyProducts(facts: ServiceFacts, os?: HostOsFacts): ProductIdentity[] {
  const f = withParams(facts);
  const out: ProductIdentity[] = [];
  const main = primary(f);
  if (main) {
    const build = buildOf(main.product, main.version, f, os);
    const [vendor, name] = main.product.key.split(':') as [string, string];
    out.push({ ...main, cpe: formatCpe(applicationCpe(vendor, name, main.version)), ...(build ? { build } : {}) });
  }
  // Products named inside another product's banner (OpenSSL in an Apache Server header).
  const texts = [f.httpServer, f.banner].filter((t): t is string => Boolean(t));
  for (const p of PRODUCTS) {
    if (p === main?.product || p.key !== 'openssl:openssl') continue;
    const version = fromPatterns(p, texts);
    if (!version) continue;
    const build = buildOf(p, version, f, os);
    out.push({ product: p, version, cpe: formatCpe(applicationCpe('openssl', 'openssl', version)), evidence: `OpenSSL/${version} in ${f.httpServer ? `Server: ${f.httpServer}` : 'banner'}`, ...(build ? { build } : {}) });
  }
  return out;
}
