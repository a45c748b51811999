/**
 * `farsight engine` — runs a distributed scan engine; `farsight engine test-connection` checks a
 * console's reachability and trust without pairing; `farsight engine consoles …` (engine-consoles.ts)
 * manages conf/consoles.xml.
 */
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { connect, type TLSSocket } from 'node:tls';
import { InvalidArgumentError, type Command } from 'commander';
import { FarsightError } from '@farsight/common';
import { reportError } from '../errors.ts';
import { registerEngineConsolesCommand } from './engine-consoles.ts';
import { registerEngineHostedCommands } from './engine-hosted.ts';
import { registerEngineIdentityCommand } from './engine-identity.ts';
import type { CloudConfig } from '@farsight/engine/cloud';
import type { PairingConfig } from '@farsight/engine/engine';

interface PairFlags { consoleHost?: string; consolePort?: string; consoleSecret?: string; consoleCaFingerprint?: string; pairingFile?: string }
interface EngineFlags extends PairFlags {
  dataDir?: string; name?: string; listenHost: string; listenPort: number; listen: boolean; heartbeatMs?: number; retryMs?: number; retryMaxMs?: number; hosted?: boolean;
  cloud?: boolean; force?: boolean; contentDir?: string;
}

function int(name: string, min: number, max: number) {
  return (v: string): number => {
    const n = Number(v);
    if (!/^\d+$/.test(v) || n < min || n > max) throw new InvalidArgumentError(`${name} must be an integer from ${min} to ${max}`);
    return n;
  };
}

/** The engine data directory: --data-dir, FARSIGHT_ENGINE_DATA_DIR, or ./.farsight/engine. */
export function engineDataDir(flag: string | undefined): string {
  return resolve(flag ?? process.env.FARSIGHT_ENGINE_DATA_DIR ?? './.farsight/engine');
}

function addPairingOptions(cmd: Command): Command {
  return cmd
    .option('--console-host <host>', 'console to pair with / test (env FARSIGHT_CONSOLE_HOST or NEXPOSE_CONSOLE_HOST)')
    .option('--console-port <n>', 'its engine port (env FARSIGHT_CONSOLE_PORT; default 40815)')
    .option('--console-secret <secret>', 'shared secret from `farsight engines secret create` (env FARSIGHT_CONSOLE_SECRET; prefer the environment or --pairing-file: flags show in ps)')
    .option('--console-ca-fingerprint <sha256>', 'SHA-256 fingerprint of the console\'s engine CA, as the console printed it (env FARSIGHT_CONSOLE_CA_FINGERPRINT)')
    .option('--pairing-file <file>', 'file of FARSIGHT_CONSOLE_HOST=… / _PORT / _SECRET / _CA_FINGERPRINT lines');
}

async function pairingOf(f: PairFlags, needSecret: boolean): Promise<PairingConfig | undefined> {
  const { parsePairingFile, resolvePairing } = await import('@farsight/engine/config');
  let fileVars: Record<string, string> = {};
  if (f.pairingFile) {
    try { fileVars = parsePairingFile(readFileSync(f.pairingFile, 'utf8')); } catch (e) {
      if (e instanceof FarsightError) throw e;
      throw new FarsightError('ENGINE_CONFIG_INVALID', `cannot read --pairing-file ${f.pairingFile}: ${(e as Error).message}`);
    }
  }
  const flags = { host: f.consoleHost, port: f.consolePort, secret: f.consoleSecret ?? (needSecret ? undefined : 'not-needed-for-test'), caFingerprint: f.consoleCaFingerprint };
  return resolvePairing(flags, fileVars);
}

const HELP_AFTER = `
Pairing (engine → console): the console admin runs \`farsight engines secret create\`, which prints
the secret, the console's engine CA fingerprint and its engine port; pass them here (or in the
environment: FARSIGHT_CONSOLE_HOST, FARSIGHT_CONSOLE_PORT, FARSIGHT_CONSOLE_SECRET,
FARSIGHT_CONSOLE_CA_FINGERPRINT; NEXPOSE_CONSOLE_* also work). The engine verifies the console
against the pinned CA before it sends the secret, stores its certificate, and never uses the
secret again (later starts need only --data-dir). Pairing logs lines starting with pair-engine.

Console → engine: add the engine in the console (POST /api/3/scan_engines, address + port 40814);
the engine records the console in <data-dir>/conf/consoles.xml with enabled="0". Compare the key
fingerprint the console shows (farsight engines list) with \`farsight engine identity\`, then
authorize it with \`farsight engine consoles enable ID\` and reload (kill -HUP <pid>, pid in
<data-dir>/engine.pid).

Data directory (default ./.farsight/engine, env FARSIGHT_ENGINE_DATA_DIR): conf/engine.key (0600),
conf/consoles.xml (0600), conf/consoles/<id>/cert.pem + ca.pem, spool/<console id>/spool.sqlite.

Environment (tuning): FARSIGHT_ENGINE_HEARTBEAT_MS (5000), FARSIGHT_ENGINE_RETRY_MS (5000),
FARSIGHT_ENGINE_RETRY_MAX_MS (300000), FARSIGHT_ENGINE_RENEW_CHECK_MS (3600000),
FARSIGHT_ENGINE_BATCH_HOSTS (hosts per result batch, 16).

Reconnects: a refused (revoked, unknown, busy) or unreachable console is retried after
--retry-ms, doubling per failed attempt up to --retry-max-ms, minus up to 20 % jitter; a
session resets the delay. Exit status: 2 for bad flags, environment or files
(ENGINE_CONFIG_INVALID), 1 for a refused pairing, an untrusted or unreachable console.

Examples:
  FARSIGHT_CONSOLE_SECRET=… farsight engine --console-host console.example --console-ca-fingerprint AB:CD:…
  farsight engine --listen-host 0.0.0.0            # wait for consoles to dial in on 40814
  farsight engine test-connection --console-host console.example --console-ca-fingerprint AB:CD:…

Hosted mode (--hosted): only consoles authorized with \`farsight engine authorize-console\` are
served, whether they dial in or this engine dials them (paired with a secret); any other gets
"Unauthorized console connection from: <IP>". Maintenance windows
(\`farsight engine maintenance add\`) are published to consoles, which start no scan in one and
pause running ones. Cloud mode (--cloud or FARSIGHT_ENGINE_MODE=cloud): configured only by the
environment (FARSIGHT_ENGINE_DATA_DIR, FARSIGHT_ENGINE_NAME, FARSIGHT_CONSOLE_*), scans only inside
FARSIGHT_ENGINE_ALLOWED_CIDRS and refuses other targets. An engine refuses to start where a console
answers on 127.0.0.1/::1 port 3780 (FARSIGHT_CONSOLE_DETECT_PORTS) unless --force. See
docs/engine-operations.md.

SIGHUP re-reads conf/consoles.xml; SIGINT/SIGTERM stop (scans resume on the next start). See docs/engines.md.`;

/** Adds `engine` and its subcommands. */
export function registerEngineCommand(program: Command): void {
  const engine = addPairingOptions(program
    .command('engine')
    .description('run a distributed scan engine (pairs with consoles over mutual TLS; see also: engine test-connection, engine consoles)')
    .option('--data-dir <dir>', 'engine data directory (env FARSIGHT_ENGINE_DATA_DIR; default ./.farsight/engine)')
    .option('--name <name>', 'engine name shown in the console (default: the host name)')
    .option('--listen-host <address>', 'address consoles dial (0.0.0.0 to accept them from other machines)', '127.0.0.1')
    .option('--listen-port <n>', 'port consoles dial', int('--listen-port', 0, 65535), 40814)
    .option('--no-listen', 'do not listen: only dial paired consoles')
    .option('--heartbeat-ms <n>', 'heartbeat interval (default 5000; env FARSIGHT_ENGINE_HEARTBEAT_MS)', int('--heartbeat-ms', 50, 600_000))
    .option('--retry-ms <n>', 'first delay between reconnects to a paired console; doubles (with jitter) per refused or failed attempt (default 5000; env FARSIGHT_ENGINE_RETRY_MS)', int('--retry-ms', 50, 3_600_000))
    .option('--retry-max-ms <n>', 'largest reconnect delay (default 300000 = 5 minutes; env FARSIGHT_ENGINE_RETRY_MAX_MS)', int('--retry-max-ms', 50, 86_400_000))
    .option('--hosted', 'hosted mode: refuse every console not authorized with `farsight engine authorize-console`')
    .option('--cloud', 'cloud-image mode (also FARSIGHT_ENGINE_MODE=cloud): settings only from the environment, scans only FARSIGHT_ENGINE_ALLOWED_CIDRS')
    .option('--content-dir <dir>', 'content store the scans use: installed package or built-in pack plus NVD imports (env FARSIGHT_CONTENT_DIR; default ~/.farsight/content; docs/content.md)')
    .option('--force', 'start even when a console runs on this host (it already has a Local engine)'))
    .addHelpText('after', HELP_AFTER)
    .action(async (f: EngineFlags) => {
      try {
        const { startEngine } = await import('@farsight/engine/engine');
        const { streamLog } = await import('@farsight/engine/log');
        const { writeFileAtomic } = await import('@farsight/engine/files');
        const modes = await engineModes(f, engine);
        if (modes.cloud?.dataDir) f.dataDir = modes.cloud.dataDir;
        if (modes.cloud?.name) f.name = modes.cloud.name;
        if (modes.cloud) {
          f.listen = modes.cloud.listen !== undefined;
          if (modes.cloud.listen) { f.listenHost = modes.cloud.listen.host; f.listenPort = modes.cloud.listen.port; }
        }
        const dataDir = engineDataDir(f.dataDir);
        const { HostedAuthorizations, hostedPolicy } = await import('@farsight/engine/hosted');
        const { MaintenanceStore } = await import('@farsight/engine/maintenance-store');
        const maintenance = new MaintenanceStore(join(dataDir, 'conf'));
        const log = streamLog();
        const envInt = (n: string): number | undefined => (process.env[n] && /^\d+$/.test(process.env[n] ?? '') ? Number(process.env[n]) : undefined);
        const running = await startEngine({
          dataDir, name: f.name ?? hostname(), listenHost: f.listenHost, listenPort: f.listen ? f.listenPort : undefined, log,
          ...(f.hosted ? { policy: hostedPolicy(new HostedAuthorizations(join(dataDir, 'conf')), log) } : {}),
          maintenance: () => maintenance.published(log),
          ...(modes.cloud ? { allowedNetworks: modes.cloud.allowedNetworks } : {}),
          pairing: await pairingOf(f, true),
          heartbeatMs: f.heartbeatMs ?? envInt('FARSIGHT_ENGINE_HEARTBEAT_MS'), retryMs: f.retryMs ?? envInt('FARSIGHT_ENGINE_RETRY_MS'), retryMaxMs: f.retryMaxMs ?? envInt('FARSIGHT_ENGINE_RETRY_MAX_MS'), renewCheckMs: envInt('FARSIGHT_ENGINE_RENEW_CHECK_MS'),
          ...(process.env.FARSIGHT_ENGINE_TEST_PROTOCOL ? { claimProtocol: process.env.FARSIGHT_ENGINE_TEST_PROTOCOL } : {}),
          ...(f.contentDir ? { contentDir: f.contentDir } : {}),
        });
        writeFileAtomic(join(dataDir, 'engine.pid'), `${process.pid}\n`);
        process.stdout.write(`farsight engine: running (data ${dataDir}${running.port !== undefined ? `, listening on ${f.listenHost}:${running.port}` : ''}, pid ${process.pid})\n`);
        process.on('SIGHUP', () => running.reload());
        let signals = 0;
        const onSignal = (sig: NodeJS.Signals): void => {
          if (++signals > 1) process.exit(1);
          process.stdout.write(`farsight engine: ${sig} received, stopping...\n`);
          setTimeout(() => process.exit(1), 15_000).unref();
          running.stop().then(() => process.exit(0), (e: unknown) => process.exit(reportError(e)));
        };
        process.on('SIGINT', onSignal);
        process.on('SIGTERM', onSignal);
      } catch (e) {
        process.exitCode = reportError(e);
      }
    });

  addPairingOptions(engine.command('test-connection')
    .description('check that a console is reachable and proves itself with the pinned engine CA (sends no secret, pairs nothing)'))
    .option('--timeout-ms <n>', 'give up after this long', int('--timeout-ms', 100, 600_000), 10_000)
    .addHelpText('after', '\nExample:\n  farsight engine test-connection --console-host 127.0.0.1 --console-ca-fingerprint AB:CD:…\nExit status: 0 reachable and trusted, 1 otherwise.')
    .action(async (_f: unknown, cmd: Command) => {
      // `engine` has the same flags and parses them first: read the merged set.
      const f = cmd.optsWithGlobals<PairFlags & { timeoutMs: number }>();
      try {
        const p = await pairingOf(f, false);
        if (!p) throw new FarsightError('ENGINE_CONFIG_INVALID', 'give --console-host and --console-ca-fingerprint (or FARSIGHT_CONSOLE_HOST / _CA_FINGERPRINT)');
        const { chainOf, verifyConsoleChain } = await import('@farsight/engine/console-trust');
        const verdict = await new Promise<ReturnType<typeof verifyConsoleChain>>((res, rej) => {
          const s: TLSSocket = connect({ host: p.host, port: p.port, rejectUnauthorized: false, minVersion: 'TLSv1.3', servername: /^[\d.]+$|:/.test(p.host) ? undefined : p.host });
          s.setTimeout(f.timeoutMs, () => { s.destroy(); rej(new FarsightError('ENGINE_CONNECTION_FAILED', `no TLS answer from ${p.host}:${p.port} within ${f.timeoutMs} ms`)); });
          s.once('secureConnect', () => { const v = verifyConsoleChain(chainOf(s.getPeerCertificate(true)), p.caFingerprint); s.end(); res(v); });
          s.once('error', (e: NodeJS.ErrnoException) => rej(new FarsightError('ENGINE_CONNECTION_FAILED', `cannot connect to ${p.host}:${p.port}: ${e.code ?? e.message}`)));
        });
        if (!verdict.ok) throw new FarsightError('ENGINE_CONSOLE_UNTRUSTED', `${p.host}:${p.port} answered but is not the pinned console: ${verdict.reason}`);
        process.stdout.write(`ok: ${p.host}:${p.port} is reachable over TLS 1.3 and its certificate is signed by the pinned CA ${verdict.caFingerprint}\n`);
      } catch (e) {
        process.exitCode = reportError(e);
      }
    });

  registerEngineConsolesCommand(engine, engineDataDir);
  registerEngineIdentityCommand(engine, engineDataDir);
  registerEngineHostedCommands(engine, engineDataDir);
}


/**
 * Cloud-image mode (flags refused: only the environment configures it) and the console-on-host
 * check (refuses unless --force). Throws ENGINE_CONFIG_INVALID with what to do.
 */
async function engineModes(f: EngineFlags, cmd: Command): Promise<{ cloud?: CloudConfig }> {
  const { cloudConfigFromEnv, cloudModeRequested } = await import('@farsight/engine/cloud');
  const { consoleOnHostMessage, detectLocalConsole } = await import('@farsight/engine/console-detect');
  let cloud: CloudConfig | undefined;
  if (cloudModeRequested(f.cloud)) {
    const given = cmd.options.filter((o) => o.long !== '--cloud' && o.long !== '--force' && cmd.getOptionValueSource(o.attributeName()) === 'cli').map((o) => o.long ?? o.flags);
    cloud = cloudConfigFromEnv(process.env, given);
  }
  const where = f.force ? undefined : await detectLocalConsole();
  if (where) throw new FarsightError('ENGINE_CONFIG_INVALID', consoleOnHostMessage(where));
  return cloud ? { cloud } : {};
}
