/**
 * Test fixture: a real OpenSSH sshd (Debian `openssh-server`) on a loopback address with a
 * temporary config and host key, stopped by the test's `t.after`. Shared by the detection,
 * password-auth check and authenticated-scan suites. As root, sshd needs /run/sshd for
 * privilege separation: `asNobody` runs it as `nobody` through runuser instead; otherwise the
 * directory is created (the package creates it at boot).
 */
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

/** Where Debian installs sshd. */
export const SSHD = '/usr/sbin/sshd';
const RUNUSER = ['/usr/sbin/runuser', '/sbin/runuser', '/usr/bin/runuser'].find((p) => existsSync(p));
const ROOT = userInfo().uid === 0;

/** Why a real-sshd test cannot run here (a reason for `skip`), or false. */
export function sshdSkipReason(opts: { asNobody?: boolean } = {}): string | false {
  if (!existsSync(SSHD)) return 'sshd not installed (apt-get install openssh-server)';
  if (opts.asNobody && ROOT && !RUNUSER) return 'running as root without runuser';
  return false;
}

/** How to start one sshd. */
export interface SshdOptions {
  /** Loopback address to listen on. */
  address: string;
  /** Extra sshd_config lines. */
  config?: string[];
  /** Run as `nobody` when root (detection-only servers: nobody can log in). */
  asNobody?: boolean;
  /** Use this directory (the test may put authorized_keys there); a temporary one otherwise. */
  dir?: string;
  startTimeoutMs?: number;
}

/** A running sshd. */
export interface RealSshd {
  port: number;
  dir: string;
  /** Everything sshd wrote to stderr so far. */
  log(): string;
}

async function freePort(address: string): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen({ host: address, port: 0 }, () => r()));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

/** Starts sshd and resolves once it listens; throws with sshd's own log when it does not. */
export async function startRealSshd(t: { after(fn: () => void): void }, opts: SshdOptions): Promise<RealSshd> {
  const dir = opts.dir ?? mkdtempSync(join(tmpdir(), 'farsight-sshd-'));
  if (!opts.dir) t.after(() => rmSync(dir, { recursive: true, force: true }));
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, 'hostkey')]);
  const port = await freePort(opts.address);
  const lines = [`ListenAddress ${opts.address}:${port}`, `HostKey ${join(dir, 'hostkey')}`, `PidFile ${join(dir, 'sshd.pid')}`, 'UsePAM no', ...(opts.config ?? [])];
  writeFileSync(join(dir, 'sshd_config'), `${lines.join('\n')}\n`);
  const nobody = Boolean(opts.asNobody && ROOT && RUNUSER);
  if (nobody) {
    chmodSync(dir, 0o755);
    for (const f of ['', 'hostkey', 'hostkey.pub', 'sshd_config']) chownSync(join(dir, f), 65534, 65534);
  } else if (ROOT && !existsSync('/run/sshd')) {
    mkdirSync('/run/sshd', { mode: 0o755 });
  }
  const argv = [SSHD, '-D', '-e', '-f', join(dir, 'sshd_config')];
  const child = nobody ? spawn(RUNUSER as string, ['-u', 'nobody', '--', ...argv]) : spawn(SSHD, argv.slice(1));
  t.after(() => {
    const pidFile = join(dir, 'sshd.pid');
    if (existsSync(pidFile)) { try { process.kill(Number(readFileSync(pidFile, 'utf8').trim())); } catch { /* already gone */ } }
    child.kill();
  });
  let log = '';
  const up = await new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), opts.startTimeoutMs ?? 15_000);
    child.stderr.on('data', (d: Buffer) => { log += d.toString(); if (log.includes('Server listening')) { clearTimeout(timer); resolve(true); } });
    child.on('exit', () => { clearTimeout(timer); resolve(false); });
  });
  if (!up) throw new Error(`sshd did not start on ${opts.address}:${port}: ${log.trim().slice(0, 400)}`);
  return { port, dir, log: () => log };
}
