/**
 * Parser of nmap's `nmap-service-probes` format (Probe, match, softmatch, ports, sslports,
 * rarity, fallback, totalwaitms, tcpwrappedms, Exclude). Pure: text in, data out. The file is
 * NPSL-licensed: Farsight reads the host's copy at run time and never ships one.
 */
import { FarsightError } from '@farsight/common';
import { parseVersionInfo } from './version-info.ts';
import type { VersionTemplate } from './version-info.ts';

/** One `match`/`softmatch` line. */
export interface NmapMatchLine {
  readonly service: string;
  readonly soft: boolean;
  /** The Perl regex between the delimiters. */
  readonly pattern: string;
  /** Regex flags after the closing delimiter (`i`, `s`). */
  readonly flags: string;
  readonly version: VersionTemplate;
  /** 1-based line number in the source file. */
  readonly line: number;
}

/** One `Probe` with its directives and match lines. */
export interface NmapProbe {
  readonly protocol: 'TCP' | 'UDP';
  readonly name: string;
  readonly payload: Uint8Array;
  /** Set by the `no-payload` option: scanners should not send this probe's payload. */
  readonly noPayload: boolean;
  ports: number[];
  sslports: number[];
  /** 1 (common) – 9 (rare); nmap's default intensity 7 sends probes with rarity ≤ 7. */
  rarity: number;
  totalwaitms?: number;
  tcpwrappedms?: number;
  fallback: string[];
  readonly matches: NmapMatchLine[];
}

/** A parsed probes file. */
export interface NmapProbesSpec {
  readonly probes: NmapProbe[];
  /** The `Exclude` directive's port list, verbatim (e.g. `T:9100-9107`). */
  readonly exclude: string | undefined;
}

const ESCAPES: Readonly<Record<string, number>> = { '0': 0, a: 7, b: 8, f: 12, n: 10, r: 13, t: 9, v: 11, '\\': 92 };

/** Decodes a probe string (`q|…|`) with nmap's C-style escapes. */
export function unescapePayload(s: string): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (s[i] !== '\\') {
      if (c > 0xff) out.push(...Buffer.from(s[i] as string, 'utf8'));
      else out.push(c);
      continue;
    }
    const n = s[i + 1] ?? '';
    const hex = /^x([0-9a-fA-F]{2})/.exec(s.slice(i + 1, i + 4));
    if (hex) {
      out.push(parseInt(hex[1] ?? '0', 16));
      i += 3;
    } else {
      out.push(ESCAPES[n] ?? n.charCodeAt(0));
      i += 1;
    }
  }
  return Uint8Array.from(out);
}

/** Parses `80,443,8000-8100` into a sorted list of ports. */
export function parsePortList(s: string): number[] {
  const ports = new Set<number>();
  for (const part of s.split(',')) {
    const m = /^\s*(\d+)(?:-(\d+))?\s*$/.exec(part);
    if (!m) continue;
    const lo = Number(m[1]);
    const hi = Math.min(65535, Number(m[2] ?? m[1]));
    for (let p = lo; p <= hi; p++) ports.add(p);
  }
  return [...ports].sort((a, b) => a - b);
}

function bad(source: string, line: number, what: string): FarsightError {
  return new FarsightError('NMAP_PROBES_INVALID', `${source}:${line}: ${what}`);
}

/** Parses a match line's `m|regex|flags versioninfo` part. */
function parseMatch(rest: string, soft: boolean, source: string, line: number): NmapMatchLine {
  const m = /^(\S+)\s+m(.)/.exec(rest);
  if (!m) throw bad(source, line, `expected "<service> m<delim>regex<delim>"`);
  const service = m[1] ?? '';
  const delim = m[2] ?? '';
  const start = m[0].length;
  const end = rest.indexOf(delim, start);
  if (end < 0) throw bad(source, line, `unterminated regex (no closing ${delim})`);
  const pattern = rest.slice(start, end);
  const after = rest.slice(end + 1);
  const flags = /^[a-z]*/.exec(after)?.[0] ?? '';
  const version = parseVersionInfo(after.slice(flags.length));
  if (!version) throw bad(source, line, `malformed version info "${after.slice(flags.length, flags.length + 60)}"`);
  return { service, soft, pattern, flags, version, line };
}

/** Parses a whole nmap-service-probes file; `source` names it in errors. */
export function parseNmapProbes(text: string, source: string): NmapProbesSpec {
  const probes: NmapProbe[] = [];
  let exclude: string | undefined;
  let current: NmapProbe | undefined;
  const lines = text.split(/\r?\n/);
  for (let idx = 0; idx < lines.length; idx++) {
    const raw = lines[idx] ?? '';
    const line = idx + 1;
    if (raw.trim() === '' || raw.trimStart().startsWith('#')) continue;
    const sp = raw.indexOf(' ');
    const word = sp < 0 ? raw : raw.slice(0, sp);
    const rest = sp < 0 ? '' : raw.slice(sp + 1).trim();
    if (word === 'Exclude') {
      exclude = rest;
      continue;
    }
    if (word === 'Probe') {
      const m = /^(TCP|UDP)\s+(\S+)\s+q(.)/.exec(rest);
      if (!m) throw bad(source, line, 'expected "Probe TCP|UDP <name> q|payload|"');
      const delim = m[3] ?? '';
      const start = m[0].length;
      const end = rest.indexOf(delim, start);
      if (end < 0) throw bad(source, line, `unterminated probe string (no closing ${delim})`);
      current = {
        protocol: m[1] as 'TCP' | 'UDP',
        name: m[2] ?? '',
        payload: unescapePayload(rest.slice(start, end)),
        noPayload: /\bno-payload\b/.test(rest.slice(end + 1)),
        ports: [],
        sslports: [],
        rarity: 5,
        fallback: [],
        matches: [],
      };
      probes.push(current);
      continue;
    }
    if (current === undefined) throw bad(source, line, `"${word}" before the first Probe line`);
    switch (word) {
      case 'match':
      case 'softmatch':
        current.matches.push(parseMatch(rest, word === 'softmatch', source, line));
        break;
      case 'ports':
        current.ports = parsePortList(rest);
        break;
      case 'sslports':
        current.sslports = parsePortList(rest);
        break;
      case 'rarity':
        current.rarity = Number(rest) || current.rarity;
        break;
      case 'totalwaitms':
        current.totalwaitms = Number(rest);
        break;
      case 'tcpwrappedms':
        current.tcpwrappedms = Number(rest);
        break;
      case 'fallback':
        current.fallback = rest.split(',').map((s) => s.trim()).filter((s) => s !== '');
        break;
      default:
        throw bad(source, line, `unknown directive "${word}"`);
    }
  }
  return { probes, exclude };
}
