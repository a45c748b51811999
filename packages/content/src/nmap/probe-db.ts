/**
 * nmap service-probe matcher. Match lines are compiled on first use (an nmap file has ~12k)
 * with the Perl dialect of the shared regex translator. Semantics follow nmap's service scan:
 * a probe's own lines first, then its `fallback` probes, then (TCP) the NULL probe; the first
 * hard match wins; a softmatch only fixes the service name, after which only hard matches for
 * that service are considered and, failing those, the softmatch is returned.
 */
import { isFarsightError } from '@farsight/common';
import { MatchInput } from '../recog/fingerprint.ts';
import type { FingerprintMatch } from '../recog/fingerprint.ts';
import { compileRegex } from '../recog/regex-translate.ts';
import type { CompiledRegex } from '../recog/regex-translate.ts';
import type { RegexFailure } from '../recog/fingerprint-db.ts';
import { parseNmapProbes } from './probes-parse.ts';
import type { NmapMatchLine, NmapProbe, NmapProbesSpec } from './probes-parse.ts';
import { substitute } from './version-info.ts';

/**
 * Longest response the nmap regexes see. nmap itself reads a bounded response; the cap keeps
 * a hostile service from feeding megabytes to ~12k backtracking regexes.
 */
export const NMAP_MAX_RESPONSE = 16384;

/** An nmap match: Recog-named `params` plus nmap's own fields. */
export interface NmapMatch extends FingerprintMatch {
  /** nmap service name (also in params as `service.name`), e.g. `ssh`, `http`. */
  service: string;
  soft: boolean;
  product?: string;
  version?: string;
  info?: string;
  hostname?: string;
  os?: string;
  device?: string;
  /** Full CPE URIs, e.g. `cpe:/a:openbsd:openssh:8.9p1`. */
  cpe: string[];
}

interface CompiledLine {
  readonly line: NmapMatchLine;
  readonly probe: string;
  compiled?: CompiledRegex | null;
}

/** Parsed nmap service probes with a matcher. */
export class NmapProbeDb {
  /** Probes in file order. */
  readonly probes: readonly NmapProbe[];
  /** The file's `Exclude` directive, verbatim. */
  readonly exclude: string | undefined;
  private readonly lines = new Map<string, CompiledLine[]>();
  private readonly failures: RegexFailure[] = [];

  constructor(spec: NmapProbesSpec) {
    this.probes = spec.probes;
    this.exclude = spec.exclude;
    for (const p of spec.probes) {
      const key = `${p.protocol}:${p.name}`;
      this.lines.set(key, p.matches.map((line) => ({ line, probe: p.name })));
    }
  }

  /** Parses probe file text (`source` names it in errors). */
  static fromText(text: string, source: string): NmapProbeDb {
    return new NmapProbeDb(parseNmapProbes(text, source));
  }

  /** The probe called `name` (TCP preferred when both protocols have one). */
  probe(name: string, protocol?: 'TCP' | 'UDP'): NmapProbe | undefined {
    const named = this.probes.filter((p) => p.name === name);
    if (protocol !== undefined) return named.find((p) => p.protocol === protocol);
    return named.find((p) => p.protocol === 'TCP') ?? named[0];
  }

  /** Number of match and softmatch lines. */
  get size(): number {
    let n = 0;
    for (const p of this.probes) n += p.matches.length;
    return n;
  }

  /**
   * Matches a response (a Latin-1 string of the bytes, or the bytes). With `probeName`, tries
   * that probe's lines, its fallbacks, then NULL's; without, every probe's lines in file order.
   */
  match(response: string | Uint8Array, probeName?: string, protocol?: 'TCP' | 'UDP'): NmapMatch | undefined {
    const text = typeof response === 'string' ? response : Buffer.from(response.buffer, response.byteOffset, response.byteLength).toString('latin1');
    const input = new MatchInput(text, NMAP_MAX_RESPONSE);
    let soft: NmapMatch | undefined;
    for (const cl of this.candidates(probeName, protocol)) {
      if (soft !== undefined && (cl.line.soft || cl.line.service !== soft.service)) continue;
      const m = this.tryLine(cl, input);
      if (m === undefined) continue;
      if (!m.soft) return m;
      soft = m;
    }
    return soft;
  }

  /** Compiles every line now; returns the ones whose regex could not be translated. */
  compileAll(): RegexFailure[] {
    for (const list of this.lines.values()) for (const cl of list) this.compile(cl);
    return [...this.failures];
  }

  private *candidates(probeName: string | undefined, protocol: 'TCP' | 'UDP' | undefined): Generator<CompiledLine> {
    if (probeName === undefined) {
      for (const list of this.lines.values()) yield* list;
      return;
    }
    const first = this.probe(probeName, protocol);
    if (first === undefined) return;
    const order = [first, ...first.fallback.map((n) => this.probe(n, first.protocol))];
    if (first.protocol === 'TCP') order.push(this.probe('NULL', 'TCP'));
    const seen = new Set<NmapProbe>();
    for (const p of order) {
      if (p === undefined || seen.has(p)) continue;
      seen.add(p);
      yield* this.lines.get(`${p.protocol}:${p.name}`) ?? [];
    }
  }

  private compile(cl: CompiledLine): CompiledRegex | undefined {
    if (cl.compiled !== undefined) return cl.compiled ?? undefined;
    try {
      cl.compiled = compileRegex(cl.line.pattern, {
        dialect: 'perl',
        ignoreCase: cl.line.flags.includes('i'),
        dotAll: cl.line.flags.includes('s'),
      });
    } catch (e) {
      if (!isFarsightError(e, 'REGEX_UNSUPPORTED')) throw e;
      cl.compiled = null;
      this.failures.push({ fingerprint: `nmap:${cl.probe}:${cl.line.line}`, pattern: cl.line.pattern, message: e.message });
    }
    return cl.compiled ?? undefined;
  }

  private tryLine(cl: CompiledLine, input: MatchInput): NmapMatch | undefined {
    const c = this.compile(cl);
    if (c === undefined || !input.admits(c)) return undefined;
    const m = c.regex.exec(input.textFor(c));
    if (m === null) return undefined;
    const group = (n: number): string | undefined => {
      const js = c.groupMap[n];
      return js === undefined ? undefined : m[js];
    };
    return toMatch(cl, group);
  }
}

function toMatch(cl: CompiledLine, group: (n: number) => string | undefined): NmapMatch {
  const v = cl.line.version;
  const fill = (t: string | undefined): string | undefined => {
    if (t === undefined) return undefined;
    const s = substitute(t, group).trim();
    return s === '' ? undefined : s;
  };
  const cpe = v.cpe.map((t) => `cpe:/${substitute(t, group)}`);
  const out: NmapMatch = { service: cl.line.service, soft: cl.line.soft, cpe, params: {}, fingerprint: `nmap:${cl.probe}:${cl.line.line}` };
  const params: Record<string, string> = { 'service.name': cl.line.service };
  const set = (field: 'product' | 'version' | 'info' | 'hostname' | 'os' | 'device', param: string, t: string | undefined): void => {
    const s = fill(t);
    if (s === undefined) return;
    out[field] = s;
    params[param] = s;
  };
  set('product', 'service.product', v.p);
  set('version', 'service.version', v.v);
  set('info', 'service.info', v.i);
  set('hostname', 'host.name', v.h);
  set('os', 'os.product', v.o);
  set('device', 'hw.device', v.d);
  for (const [prefix, param] of [['cpe:/a:', 'service.cpe23'], ['cpe:/o:', 'os.cpe23'], ['cpe:/h:', 'hw.cpe23']] as const) {
    const hit = cpe.find((c) => c.startsWith(prefix));
    if (hit !== undefined && params[param] === undefined) params[param] = hit;
  }
  out.params = params;
  return out;
}
