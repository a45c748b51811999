/** Validates and converts `farsight scan` flags into ScanOptions pieces, with errors that say what to do. */
import { FarsightError, readTargetFile } from '@farsight/common';

/** Raw flag values as commander hands them over. */
export interface ScanFlags {
  exclude: string[];
  excludeFile?: string;
  targetFile: string[];
  ports?: string;
  template: string;
  rate?: string;
  maxHosts?: string;
  retries?: string;
  serviceTimeout?: string;
  workers?: string;
  transport?: string;
  /** `--probe-backend auto|native|js`. */
  probeBackend?: string;
  discovery: boolean;
  serviceDetection: boolean;
  fingerprints: string[];
  nmapProbes?: string;
  json?: boolean;
  /** `--format table|json|sarif`. */
  format?: string;
  /** `--fail-on SEVERITY`. */
  failOn?: string;
  output?: string;
  progress: boolean;
  /** `--no-checks` sets false. */
  checks?: boolean | string;
  skipChecks?: string[];
  intrusive?: boolean;
  checkTimeout?: string;
}

/** Parses a whole number flag within bounds, naming the flag in the error. */
export function intFlag(name: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value.trim())) {
    throw new FarsightError('INVALID_ARGUMENT', `${name} '${value}' is not a whole number; give a number from ${min} to ${max}`);
  }
  const n = Number(value);
  if (n < min || n > max) throw new FarsightError('INVALID_ARGUMENT', `${name} ${n} is out of range; give a number from ${min} to ${max}`);
  return n;
}

/** Splits comma-separated list flags (`--exclude a,b --exclude c`). */
export function splitList(values: string[]): string[] {
  return values.flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v.length > 0);
}

/** Expands `@file` tokens and --target-file files into target tokens. */
export async function collectTargets(tokens: string[], files: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const t of tokens) {
    if (t.startsWith('@')) out.push(...await readTargetFile(t.slice(1)));
    else out.push(...splitList([t]));
  }
  for (const f of files) out.push(...await readTargetFile(f));
  if (out.length === 0) {
    throw new FarsightError('INVALID_ARGUMENT', 'no targets given; name addresses, CIDRs, ranges or hostnames, e.g. farsight scan 127.0.0.1 127.0.1.0/24');
  }
  return out;
}

/** Checks --transport. */
export function transportFlag(value: string | undefined): 'auto' | 'raw' | 'net' | undefined {
  if (value === undefined) return undefined;
  if (value === 'auto' || value === 'raw' || value === 'net') return value;
  throw new FarsightError('INVALID_ARGUMENT', `--transport '${value}' is not one of auto, raw, net`);
}

/** Checks --probe-backend (undefined: the engine reads FARSIGHT_PROBE_BACKEND, then auto). */
export function probeBackendFlag(value: string | undefined): 'auto' | 'native' | 'js' | undefined {
  if (value === undefined) return undefined;
  if (value === 'auto' || value === 'native' || value === 'js') return value;
  throw new FarsightError('INVALID_ARGUMENT', `--probe-backend '${value}' is not one of auto, native, js`);
}

/** Check settings from --checks/--skip-checks/--no-checks/--intrusive/--check-timeout; ids are validated by the scanner (CHECK_UNKNOWN). */
export function checkFlags(flags: Pick<ScanFlags, 'checks' | 'skipChecks' | 'intrusive' | 'checkTimeout'>): {
  enabled: boolean; intrusive: boolean; only?: string[]; skip?: string[]; timeoutMs?: number;
} {
  const only = typeof flags.checks === 'string' ? splitList([flags.checks]) : undefined;
  if (typeof flags.checks === 'string' && only?.length === 0) {
    throw new FarsightError('INVALID_ARGUMENT', '--checks needs one or more check ids, e.g. --checks tls-certificate,ssh-algorithms; use --no-checks to run none');
  }
  const skip = splitList(flags.skipChecks ?? []);
  return {
    enabled: flags.checks !== false, intrusive: flags.intrusive === true,
    ...(only ? { only } : {}), ...(skip.length > 0 ? { skip } : {}),
    ...(flags.checkTimeout !== undefined ? { timeoutMs: intFlag('--check-timeout', flags.checkTimeout, 100, 600_000) } : {}),
  };
}
