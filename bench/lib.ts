/** Shared helpers for the benchmarks: timed child processes, medians, result files. */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';

export const ROOT = new URL('..', import.meta.url).pathname;
/** Farsight as a user runs it: the bin wrapper (project Node 24 and its start-up flags). */
export const FARSIGHT = [`${ROOT}apps/cli/bin/farsight`];

/** Outcome of one timed command. */
export interface Timed { wallMs: number; peakRssKb: number; stdout: string; stderr: string; code: number; /** user + system CPU time (GNU time), 0 when unknown. */ cpuMs: number }

/**
 * Runs a command under GNU time (for peak RSS) and measures wall time from spawn to exit,
 * so process start-up counts for both tools alike. Bounded by `timeoutMs`.
 */
export async function timed(argv: string[], timeoutMs = 900_000): Promise<Timed> {
  const useTime = existsSync('/usr/bin/time');
  const full = useTime ? ['/usr/bin/time', '-f', '__PEAK_RSS_KB=%M __CPU_S=%U+%S', ...argv] : argv;
  const t0 = performance.now();
  const child = spawn(full[0] as string, full.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
  child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
  const killer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const code = await new Promise<number>((resolve) => child.on('exit', (c) => resolve(c ?? 1)));
  clearTimeout(killer);
  const wallMs = performance.now() - t0;
  const m = /__PEAK_RSS_KB=(\d+) __CPU_S=([\d.]+)\+([\d.]+)/.exec(stderr);
  const cpuMs = m ? (Number(m[2]) + Number(m[3])) * 1000 : 0;
  return { wallMs, peakRssKb: m ? Number(m[1]) : 0, cpuMs, stdout, stderr: stderr.replace(/__PEAK_RSS_KB=\d+ __CPU_S=\S+\n?/, ''), code };
}

/** Median of a list of numbers. */
export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}

/** Fails early with a clear message when nmap is missing. */
export function requireNmap(): void {
  if (!existsSync('/usr/bin/nmap')) {
    console.error('bench: nmap is not installed; run: apt-get install -y nmap');
    process.exit(2);
  }
}

/** Writes a JSON result next to the benchmarks (bench/results/, git-ignored). */
export function saveResult(name: string, data: unknown): void {
  const dir = `${ROOT}bench/results`;
  mkdirSync(dir, { recursive: true });
  writeFileSync(`${dir}/${name}.json`, `${JSON.stringify(data, null, 2)}\n`);
}

/** Open TCP ports per address from nmap's XML output. */
export function nmapOpenPorts(xml: string): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const host of xml.split('<host ').slice(1)) {
    const addr = /<address addr="([^"]+)"/.exec(host)?.[1];
    if (!addr) continue;
    const ports = [...host.matchAll(/<port protocol="tcp" portid="(\d+)"><state state="open"/g)].map((m) => Number(m[1]));
    out.set(addr, ports.sort((a, b) => a - b));
  }
  return out;
}

/** Formats a ratio line: how many times faster Farsight was (nmap time / farsight time). */
export function ratioLine(label: string, nmapMs: number, farsightMs: number): string {
  return `${label}: nmap ${(nmapMs / 1000).toFixed(2)} s, farsight ${(farsightMs / 1000).toFixed(2)} s → ratio ${(nmapMs / farsightMs).toFixed(2)}× (≥ 1.0 means farsight is faster)`;
}
