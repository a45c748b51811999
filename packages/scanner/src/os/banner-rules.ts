/**
 * Pure rules that read one service's evidence — fingerprint `os.*` params, package
 * revisions in banners (`Ubuntu-3ubuntu0.10`, `+deb12u2`, `.el7`), distribution words in
 * parentheses (`Apache/2.4.6 (CentOS)`), Microsoft products — and yield OS candidates.
 */
import type { ServiceResult } from '../types.ts';
import { toCpe23 } from '../service/result.ts';
import { DEBIAN_APACHE, DEBIAN_KERNEL, DEBIAN_OPENSSH, EL_APACHE, IIS_WINDOWS, UBUNTU_APACHE, UBUNTU_KERNEL, UBUNTU_NGINX, UBUNTU_OPENSSH } from './distro-tables.ts';
import { distro, distroFromWord, familyOnly, type OsCandidate } from './os-candidate.ts';

/** Every OS candidate one service's evidence supports. */
export function candidatesFor(s: ServiceResult): OsCandidate[] {
  const out: OsCandidate[] = [];
  const push = (c: OsCandidate | undefined): void => { if (c) out.push({ ...c, port: s.port }); };
  push(fromParams(s));
  const ssh = s.ssh ? [s.ssh.softwareVersion, s.ssh.comments].filter(Boolean).join(' ') : undefined;
  if (ssh) for (const c of sshRules(ssh)) push(c);
  const server = s.http?.server;
  if (server) for (const c of httpServerRules(server)) push(c);
  for (const text of texts(s)) for (const c of packageRevisionRules(text)) push(c);
  for (const c of miscRules(s)) push(c);
  return out;
}

/** The free texts of a service that may carry package revisions or distro words. */
function texts(s: ServiceResult): string[] {
  const p = s.params ?? {};
  const list = [s.banner, s.version, s.http?.server, s.http?.headers['x-powered-by'], p['mysql.server_version'], p['redis.os']];
  return [...new Set(list.filter((t): t is string => typeof t === 'string' && t !== ''))];
}

function fromParams(s: ServiceResult): OsCandidate | undefined {
  const p = s.params ?? {};
  const vendor = p['os.vendor'];
  const family = p['os.family'];
  const product = p['os.product'];
  if (!vendor && !family && !product) return undefined;
  // Recog's os.certainty (0..1) marks guesses such as "RHEL 7 or a rebuild" from a bare version.
  const certainty = Number(p['os.certainty'] ?? '1');
  const scale = Number.isFinite(certainty) && certainty > 0 && certainty <= 1 ? certainty : 1;
  const id = distroFromWord(vendor ?? '') ?? distroFromWord(product ?? '') ?? distroFromWord(family ?? '');
  let version = p['os.version'];
  const kernel = version && /^\d+\.\d+\.\d+-\S+$/.test(version) ? version : undefined;
  // Recog puts the kernel release in os.version for distributions: turn it into the release.
  if (kernel && id) version = kernelRules(kernel).find((c) => c.vendor === distroName(id))?.version;
  const cpe = p['os.cpe23'] && !kernel ? toCpe23(p['os.cpe23'], p) : undefined;
  const source = `${s.name} fingerprint ${s.evidence.find((e) => e.fingerprint?.startsWith('recog:') && e.key !== 'http_header.cookie')?.fingerprint ?? 'os params'}`;
  const weight = Math.round((version ? 60 : 45) * scale);
  const base = id ? distro(id, version, weight, source) : undefined;
  if (base) return { ...base, ...(vendor && id !== 'windows' ? { vendor } : {}), ...(id === 'windows' && product ? { product } : {}), ...(cpe ? { cpe } : {}) };
  return {
    lineage: (family ?? vendor ?? product ?? 'unknown').toLowerCase(), family: family ?? product ?? vendor ?? 'unknown',
    ...(vendor ? { vendor } : {}), ...(product ?? family ? { product: product ?? family } : {}),
    ...(version ? { version } : {}), ...(cpe ? { cpe } : {}), weight, source,
  };
}

function distroName(id: string): string | undefined {
  return distro(id, undefined, 0, '')?.vendor;
}

/** Kernel flavours name their distribution: `-generic` is Ubuntu's, `-amd64`/`-arm64` Debian's. */
export function kernelRules(text: string): OsCandidate[] {
  const m = /\b(\d+\.\d+)\.\d+-\d+(?:\.\d+)*-(generic|lowlatency|aws|azure|gcp|amd64|arm64|686-pae|cloud-amd64)\b/.exec(text);
  if (!m) return [];
  const series = m[1] ?? '';
  const src = `kernel ${m[0]}`;
  const ubuntu = /^(generic|lowlatency|aws|azure|gcp)$/.test(m[2] ?? '');
  const c = ubuntu ? distro('ubuntu', UBUNTU_KERNEL[series], 40, src) : distro('debian', DEBIAN_KERNEL[series], 40, src);
  return c ? [c] : [];
}

/** OpenSSH package revisions: Ubuntu and Debian name themselves in the comment (RFC 4253 §4.2). */
export function sshRules(text: string): OsCandidate[] {
  const src = `ssh banner ${text}`;
  const out: (OsCandidate | undefined)[] = [];
  const m = /^OpenSSH_([\w.]+)\s+(\S+)/.exec(text);
  const upstream = m?.[1] ?? '';
  const comment = m?.[2] ?? '';
  if (/ubuntu/i.test(comment)) out.push(distro('ubuntu', UBUNTU_OPENSSH[upstream], UBUNTU_OPENSSH[upstream] ? 75 : 60, src));
  else if (/^Raspbian-/i.test(comment)) out.push(distro('raspbian', debRelease(comment) ?? DEBIAN_OPENSSH[upstream], 70, src));
  else if (/^Debian-/i.test(comment)) out.push(distro('debian', debRelease(comment) ?? DEBIAN_OPENSSH[upstream], 70, src));
  else if (/^FreeBSD-/i.test(comment)) out.push(distro('freebsd', undefined, 65, src));
  else if (/^NetBSD/i.test(comment)) out.push(distro('netbsd', undefined, 65, src));
  if (/^OpenSSH_for_Windows/i.test(text)) out.push(distro('windows', undefined, 60, src));
  return out.filter((c): c is OsCandidate => c !== undefined);
}

/** Debian release from a `+debNuM` / `~debNuM` / `~bpoN` revision. */
function debRelease(text: string): string | undefined {
  return /[+~]deb(\d{1,2})u\d+/.exec(text)?.[1] ?? /~bpo(\d{1,2})/.exec(text)?.[1];
}

/** `Server:` headers: IIS versions, and distro words after Apache/nginx versions. */
export function httpServerRules(server: string): OsCandidate[] {
  const src = `http server ${server}`;
  const out: (OsCandidate | undefined)[] = [];
  const iis = /Microsoft-IIS\/(\d+\.\d+)/.exec(server);
  if (iis) {
    const w = IIS_WINDOWS[iis[1] ?? ''];
    const base = distro('windows', w?.version, 65, src);
    if (base && w) {
      base.product = w.product;
      if (w.cpe) base.cpe = w.cpe;
      else delete base.cpe;
    }
    out.push(base);
  } else if (/Microsoft-HTTPAPI\//.test(server)) {
    out.push(distro('windows', undefined, 50, src));
  }
  const apache = /Apache\/([\d.]+) \(([^)]+)\)/.exec(server);
  const nginx = /nginx\/([\d.]+) \(([^)]+)\)/.exec(server);
  const hit = apache ?? nginx;
  if (hit) {
    const id = distroFromWord(hit[2] ?? '');
    const v = hit[1] ?? '';
    let release: string | undefined;
    if (apache && id === 'ubuntu') release = UBUNTU_APACHE[v];
    else if (apache && id === 'debian') release = DEBIAN_APACHE[v];
    else if (apache && (id === 'centos' || id === 'rhel')) release = EL_APACHE[v];
    else if (nginx && id === 'ubuntu') release = UBUNTU_NGINX[v];
    if (id) out.push(distro(id, release, release ? 55 : 50, src));
    else if (/^unix$/i.test(hit[2] ?? '')) out.push(familyOnly('unix', 20, src));
  }
  return out.filter((c): c is OsCandidate => c !== undefined);
}

/** Package revisions inside any banner or version string. */
export function packageRevisionRules(text: string): OsCandidate[] {
  const src = `banner ${text.slice(0, 120)}`;
  const out: (OsCandidate | undefined)[] = [];
  const deb = debRelease(text);
  if (deb && !/ubuntu/i.test(text)) out.push(distro(/raspbian/i.test(text) ? 'raspbian' : 'debian', deb, 70, src));
  const ubu = /ubuntu\d*\.(\d\d\.\d\d)(?:\.\d+)?\b/i.exec(text);
  if (ubu) out.push(distro('ubuntu', ubu[1], 70, src));
  const el = /[\d.\-_]el(\d{1,2})(?:_\d+)?(?=[._\s)\-]|$)/.exec(text);
  if (el) out.push(distro('rhel', el[1], 60, src));
  const fc = /[\d.\-_]fc(\d{2})(?=[._\s)\-]|$)/.exec(text);
  if (fc) out.push(distro('fedora', fc[1], 60, src));
  if (!/Apache\/|nginx\//.test(text)) {
    const paren = /\((Ubuntu|Debian(?:\/GNU)?|CentOS|Red Hat|Fedora|Rocky Linux|AlmaLinux|Raspbian|FreeBSD|Gentoo|SUSE)\)/i.exec(text);
    if (paren) out.push(distro(distroFromWord(paren[1] ?? '') ?? '', undefined, 45, src));
  }
  return out.filter((c): c is OsCandidate => c !== undefined);
}

/** Microsoft products in mail/FTP banners, FTP SYST, Redis' `os`, SNMP sysDescr. */
function miscRules(s: ServiceResult): OsCandidate[] {
  const out: OsCandidate[] = [];
  const banner = s.banner ?? '';
  if (/Microsoft (ESMTP MAIL Service|FTP Service|Exchange)/i.test(banner)) out.push(familyOnly('windows', 50, `${s.name} banner ${banner.slice(0, 80)}`));
  const syst = s.params?.['ftp.syst'];
  if (syst && /Windows_NT/i.test(syst)) out.push(familyOnly('windows', 40, `ftp SYST ${syst}`));
  const os = s.params?.['redis.os'];
  if (os && /^Linux\b/.test(os)) out.push(familyOnly('linux', 35, `redis os ${os}`), ...kernelRules(os));
  if (os && /^Windows\b/i.test(os)) out.push(familyOnly('windows', 35, `redis os ${os}`));
  if (s.name === 'snmp' && /^Linux\b/.test(banner)) out.push(familyOnly('linux', 45, `snmp sysDescr ${banner.slice(0, 80)}`), ...kernelRules(banner));
  if (s.name === 'ssh' && /^dropbear/i.test(s.ssh?.softwareVersion ?? '')) out.push(familyOnly('linux', 30, `ssh banner ${s.ssh?.softwareVersion ?? ''} (Dropbear: embedded Linux)`));
  if (s.name === 'snmp' && /Software: Windows/i.test(banner)) out.push(familyOnly('windows', 50, `snmp sysDescr ${banner.slice(0, 80)}`));
  return out;
}
