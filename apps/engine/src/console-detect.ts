/**
 * Is a Farsight console running on this host? A console already contains a Local scan engine,
 * so `farsight engine` warns and refuses (unless --force) when one answers on loopback: it
 * opens TLS to 127.0.0.1 and ::1 on the console's HTTPS ports (3780, or the comma-separated
 * FARSIGHT_CONSOLE_DETECT_PORTS; empty turns the check off) and looks for the console's own
 * certificate (subject `CN=Farsight Console, O=Farsight`). Nothing but loopback is contacted.
 */
import { connect } from 'node:tls';
import { FarsightError } from '@farsight/common';

/** Default ports probed. */
export const CONSOLE_DETECT_PORTS = [3780];

/** Ports from FARSIGHT_CONSOLE_DETECT_PORTS (undefined = default, '' = none); INVALID_ARGUMENT on a bad one. */
export function detectPorts(env: NodeJS.ProcessEnv = process.env): number[] {
  const v = env.FARSIGHT_CONSOLE_DETECT_PORTS;
  if (v === undefined) return CONSOLE_DETECT_PORTS;
  const ports = v.split(',').map((s) => s.trim()).filter(Boolean).map(Number);
  const bad = ports.find((p) => !Number.isInteger(p) || p < 1 || p > 65535);
  if (bad !== undefined) throw new FarsightError('ENGINE_CONFIG_INVALID', `FARSIGHT_CONSOLE_DETECT_PORTS: '${v.slice(0, 60)}' must be ports 1-65535 separated by commas`);
  return ports;
}

/** True when a certificate subject is a Farsight console's (pure). */
export function isConsoleSubject(subject: { CN?: string | string[]; O?: string | string[] } | undefined): boolean {
  const one = (x: string | string[] | undefined): string => (Array.isArray(x) ? x[0] ?? '' : x ?? '');
  return one(subject?.CN) === 'Farsight Console' && one(subject?.O) === 'Farsight';
}

function probe(host: string, port: number, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host, port, rejectUnauthorized: false, servername: 'localhost' });
    const done = (v: boolean): void => { s.destroy(); resolve(v); };
    s.setTimeout(timeoutMs, () => done(false));
    s.once('secureConnect', () => done(isConsoleSubject(s.getPeerCertificate()?.subject)));
    s.once('error', () => done(false));
  });
}

/** Where a console answers on loopback (`127.0.0.1:3780`), or undefined. */
export async function detectLocalConsole(ports: readonly number[] = detectPorts(), timeoutMs = 1500): Promise<string | undefined> {
  for (const port of ports) {
    for (const host of ['127.0.0.1', '::1']) {
      if (await probe(host, port, timeoutMs)) return `${host.includes(':') ? `[${host}]` : host}:${port}`;
    }
  }
  return undefined;
}

/** The refusal when a console runs here. */
export function consoleOnHostMessage(where: string): string {
  return `a Farsight console is running on this host (it answers on ${where}) and already includes a Local scan engine; a second engine here scans nothing new. Use the console's Local engine, or pass --force to run this engine anyway`;
}
