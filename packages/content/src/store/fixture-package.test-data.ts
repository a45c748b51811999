/**
 * Content packages for tests: real fingerprint files from the built-in set, a vulnerability
 * definition converted from the NVD test feed, and an OSV advisory from the import fixtures,
 * packed with the real package builder. Also a loopback HTTP server (127.10.0.0/16 is this
 * suite's block) that serves whatever bytes a test puts at a path.
 */
import http from 'node:http';
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { builtinFingerprintDir } from '../recog/load-files.ts';
import { parseNvdFeed } from '../import/nvd.ts';
import { toVulnDefinition } from '../import/vuln-definition.ts';
import { packFileOf } from '../import/nvd-pack.ts';
import { buildPackage, type BuiltPackage } from './pack-build.ts';

const fixtures = new URL('../import/fixtures/', import.meta.url);

/** The files of a small but real package; `cves` picks NVD fixture records for vulns/. */
export function packageFiles(cves: string[] = ['CVE-2021-41773']): Map<string, Buffer> {
  const feed = parseNvdFeed(JSON.parse(readFileSync(new URL('nvdcve-2.0-sample.json', fixtures), 'utf8')), 'fixture');
  const defs = feed.records.filter((r) => cves.includes(r.id)).map(toVulnDefinition);
  const files = new Map<string, Buffer>();
  for (const name of ['ssh_banners.xml', 'ftp_banners.xml']) files.set(`fingerprints/${name}`, readFileSync(join(builtinFingerprintDir(), name)));
  if (defs.length > 0) files.set('vulns/test-nvd.json', Buffer.from(packFileOf('test definitions', defs)));
  files.set('advisories/debian-12/DSA-5724-1.json', readFileSync(new URL('osv-DSA-5724-1.json', fixtures)));
  return files;
}

/** Builds a test package with the given version. */
export function testPackage(version: string, cves?: string[], created = new Date('2026-11-21T00:00:00Z')): BuiltPackage {
  return buildPackage(packageFiles(cves), { version, created, description: 'test package' });
}

/** A fresh temporary content directory. */
export function tempContentDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'farsight-content-'));
}

/** An Ed25519 key pair as PEM. */
export function ed25519Pair(): { publicKey: string; privateKey: string } {
  return generateKeyPairSync('ed25519', { publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
}

/** A loopback server: `files.set('/pkg.zip', bytes)`; unknown paths are 404. */
export interface PackageServer {
  url: (path: string) => string;
  files: Map<string, Buffer | { status: number; body?: Buffer; headers?: Record<string, string> }>;
  requests: string[];
  close: () => Promise<void>;
}

/** Starts the server on `host` (default 127.10.0.1) port 0. */
export async function startPackageServer(host = '127.10.0.1'): Promise<PackageServer> {
  const files: PackageServer['files'] = new Map();
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    requests.push(req.url ?? '');
    const entry = files.get(req.url ?? '');
    if (!entry) { res.writeHead(404).end('not found'); return; }
    if (Buffer.isBuffer(entry)) { res.writeHead(200, { 'content-type': 'application/zip', 'content-length': entry.length }).end(entry); return; }
    res.writeHead(entry.status, entry.headers ?? {});
    res.end(entry.body);
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path) => `http://${host}:${port}${path}`,
    files,
    requests,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
