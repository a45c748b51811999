/**
 * Collection over a logged-in session: privilege elevation (sudo/su) proved with `id -u`,
 * then the fixed commands of commands.ts — system facts first, then packages, sockets and
 * (Debian family) changelog CVEs in parallel channels. A command that fails, times out or
 * hits its cap leaves a note and never a guess.
 */
import { hostEcosystem } from '@farsight/content/osv/index';
import { CHANGELOG_COMMAND, ELEVATION_CHECK_COMMAND, SOCKETS_COMMAND, SYSTEM_COMMAND, packageCommand, shQuote } from './commands.ts';
import type { CollectCommand } from './commands.ts';
import { runningKernel } from './kernel.ts';
import { parseApkList, parseDpkgList, parseRpmList } from './parse-packages.ts';
import { parseChangelogCves, parseSockets } from './parse-sockets.ts';
import { firstLine, packageManagerOf, parseOsRelease, splitSections } from './parse-system.ts';
import type { Secret } from './secret.ts';
import type { ExecResult, SshSession } from './ssh-session.ts';
import type { ElevationMethod, HostInventory } from './types.ts';

/** Runs one collection command (elevated or not). */
export type CommandRunner = (c: CollectCommand) => Promise<ExecResult>;

/** Limits scaled for tests and benchmarks (1 = the defaults in commands.ts). */
export interface CollectLimits {
  /** Multiplies every command deadline. */
  timeoutScale?: number;
  /** Overrides every output cap (bytes). */
  maxBytes?: number;
}

/** A runner that sends commands as they are, or through sudo/su. */
export function commandRunner(session: SshSession, limits: CollectLimits, elevation?: { method: ElevationMethod; password?: Secret }): CommandRunner {
  return async (c) => {
    const base = { timeoutMs: Math.round(c.timeoutMs * (limits.timeoutScale ?? 1)), maxBytes: limits.maxBytes ?? c.maxBytes };
    if (!elevation) return session.exec(c.command, base);
    if (elevation.method === 'sudo') {
      // -S reads the password from stdin, -p '' prints no prompt; -n fails instead of asking when there is no password.
      return elevation.password
        ? session.exec(`sudo -S -p '' -- sh -c ${shQuote(c.command)}`, { ...base, stdin: `${elevation.password.reveal()}\n` })
        : session.exec(`sudo -n -- sh -c ${shQuote(c.command)}`, base);
    }
    // su reads the password only from a terminal: answer its prompt once, then strip the terminal's CRs.
    const r = await session.exec(`su root -c ${shQuote(c.command)}`, { ...base, pty: { prompt: /assword: ?$/, answer: elevation.password?.reveal() ?? '' } });
    return { ...r, stdout: r.stdout.replace(/\r\n/g, '\n').replace(/^\n/, '') };
  };
}

/** Proves elevation: `id -u` must print 0. Returns a secret-free reason when it does not. */
export async function checkElevation(run: CommandRunner): Promise<string | undefined> {
  const r = await run({ name: 'elevation', command: ELEVATION_CHECK_COMMAND, timeoutMs: 15_000, maxBytes: 4096 });
  const last = r.stdout.trim().split('\n').pop()?.trim();
  if (r.code === 0 && last === '0') return undefined;
  if (r.timedOut) return 'the elevation command did not finish in time';
  const why = (r.stderr.trim().split('\n').pop() ?? '').replace(/[^\x20-\x7e]/g, '?').slice(0, 120);
  return `the elevation command exited ${r.code ?? 'without status'}${last ? ` and printed uid ${last.slice(0, 10)}` : ''}${why ? ` (${why})` : ''}`;
}

function problem(r: ExecResult, c: CollectCommand): string | undefined {
  if (r.timedOut) return `timed out after ${c.timeoutMs} ms (output so far ignored)`;
  if (r.truncated) return 'output exceeded its cap (ignored)';
  if (r.code === undefined) return 'the channel closed without an exit status';
  return undefined;
}

/** Collects the inventory of one host. */
export async function collectInventory(run: CommandRunner): Promise<HostInventory> {
  const inv: HostInventory = { packages: [], sockets: [], notes: {} };
  const sys = await run(SYSTEM_COMMAND);
  const sysProblem = problem(sys, SYSTEM_COMMAND);
  if (sysProblem) { inv.notes.system = sysProblem; return inv; }
  const sections = splitSections(sys.stdout);
  const os = parseOsRelease(sections);
  if (os) inv.os = os;
  const release = firstLine(sections, 'uname-r');
  const arch = firstLine(sections, 'uname-m');
  if (arch) inv.arch = arch;
  const eco = os ? hostEcosystem(os) : undefined;
  if (eco) inv.ecosystem = eco.raw;
  const manager = packageManagerOf(os);
  if (!manager) inv.notes.packages = `unknown OS family${os ? ` '${os.id}'` : ''}: no package database read`;
  else inv.packageManager = manager;

  const pkgCmd = manager ? packageCommand(manager) : undefined;
  const [pkgs, socks, changelog] = await Promise.all([
    pkgCmd ? run(pkgCmd) : undefined,
    run(SOCKETS_COMMAND),
    manager === 'dpkg' ? run(CHANGELOG_COMMAND) : undefined,
  ]);
  if (pkgs && pkgCmd && manager) {
    const p = problem(pkgs, pkgCmd) ?? (pkgs.code !== 0 ? `exited ${pkgs.code}` : undefined);
    if (p) inv.notes.packages = p;
    else {
      const list = manager === 'dpkg' ? parseDpkgList(pkgs.stdout) : manager === 'rpm' ? parseRpmList(pkgs.stdout) : parseApkList(pkgs.stdout);
      inv.packages = list.packages;
      if (list.skipped > 0) inv.notes.packages = `${list.skipped} line(s) not understood and skipped`;
    }
  }
  const sp = problem(socks, SOCKETS_COMMAND);
  if (sp) inv.notes.sockets = sp;
  else inv.sockets = parseSockets(socks.stdout);
  if (changelog) {
    const cp = problem(changelog, CHANGELOG_COMMAND);
    if (cp) inv.notes.changelog = cp;
    else inv.changelogCves = parseChangelogCves(changelog.stdout);
  }
  if (release && manager) inv.kernel = runningKernel(manager, release, inv.packages).kernel;
  else if (release) inv.kernel = { release };
  return inv;
}
