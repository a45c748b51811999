/**
 * Pure parsers of listening sockets (`ss -tulnH`, or `netstat -tuln` where iproute2 is
 * missing) and of the changelog.Debian.gz CVE pipeline's output.
 */
import type { ChangelogEntry, ListeningSocket } from './types.ts';

/** Most sockets kept from one host. */
export const MAX_SOCKETS = 10_000;

function splitHostPort(local: string): { address: string; port: number } | undefined {
  const m = /^(.*):(\d{1,5})$/.exec(local);
  if (!m) return undefined;
  const port = Number(m[2]);
  if (port < 1 || port > 65535) return undefined;
  let address = (m[1] as string).replace(/^\[|\]$/g, '').replace(/%[A-Za-z0-9_.-]+$/, '');
  if (address === '*' || address === '') address = '0.0.0.0';
  if (!/^[0-9A-Fa-f:.]{2,45}$/.test(address)) return undefined;
  return { address, port };
}

/** Parses `ss -tulnH` or `netstat -tuln` lines into unique listening sockets. */
export function parseSockets(text: string): ListeningSocket[] {
  const seen = new Set<string>();
  const out: ListeningSocket[] = [];
  for (const line of text.split('\n')) {
    const f = line.trim().split(/\s+/);
    const proto = f[0]?.replace(/6$/, '');
    if (proto !== 'tcp' && proto !== 'udp') continue;
    // ss: Netid State Recv-Q Send-Q Local Peer; netstat: Proto Recv-Q Send-Q Local Foreign [State]
    const isSs = /^[A-Z-]+$/.test(f[1] ?? '');
    const state = isSs ? f[1] : f[5];
    if (proto === 'tcp' && state !== 'LISTEN') continue;
    const hp = splitHostPort((isSs ? f[4] : f[3]) ?? '');
    if (!hp) continue;
    const key = `${proto} ${hp.address} ${hp.port}`;
    if (seen.has(key) || out.length >= MAX_SOCKETS) continue;
    seen.add(key);
    out.push({ protocol: proto, ...hp });
  }
  return out.sort((a, b) => a.protocol.localeCompare(b.protocol) || a.port - b.port || a.address.localeCompare(b.address));
}

/**
 * Parses the changelog pipeline: `@@/usr/share/doc/<pkg>/changelog.Debian.gz`, then version
 * headers `source (version)` and CVE ids in file order. Returns doc-directory name → the
 * entries that name at least one CVE.
 */
export function parseChangelogCves(text: string): Record<string, ChangelogEntry[]> {
  const out: Record<string, ChangelogEntry[]> = Object.create(null) as Record<string, ChangelogEntry[]>;
  let doc: string | undefined;
  let entry: ChangelogEntry | undefined;
  const close = (): void => {
    if (doc !== undefined && entry && entry.cves.length > 0) (out[doc] ??= []).push(entry);
    entry = undefined;
  };
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    const file = /^@@\/usr\/share\/doc\/([A-Za-z0-9][A-Za-z0-9+._-]{0,255})\/changelog\.Debian\.gz$/.exec(line);
    if (line.startsWith('@@')) { close(); doc = file?.[1]; continue; }
    if (doc === undefined) continue;
    const head = /^([a-z0-9][a-z0-9.+-]{0,127}) \(([\x21-\x28\x2a-\x7e]{1,128})\)$/.exec(line);
    if (head) { close(); entry = { source: head[1] as string, version: head[2] as string, cves: [] }; continue; }
    if (entry && /^CVE-\d{4}-\d{4,7}$/.test(line) && !entry.cves.includes(line)) entry.cves.push(line);
  }
  close();
  return out;
}
