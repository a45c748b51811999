/** `farsight console` — starts the Security Console (HTTPS API + database + scheduler + local engine). */
import type { Command} from 'commander';
import { Option, InvalidArgumentError } from 'commander';
import { reportError } from '../errors.ts';

interface ConsoleFlags {
  host: string; port: number; dataDir?: string; tlsCert?: string; tlsKey?: string; tlsName: string[];
  bodyLimit?: number; logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'silent';
  lockoutThreshold?: number; lockoutMinutes?: number;
}

function int(name: string, min: number, max: number) {
  return (v: string): number => {
    const n = Number(v);
    if (!/^\d+$/.test(v) || n < min || n > max) throw new InvalidArgumentError(`${name} must be an integer from ${min} to ${max}`);
    return n;
  };
}

const HELP_AFTER = `
Environment:
  DATABASE_URL              postgres://user:pass@host:5432/db — use PostgreSQL instead of the embedded
                            SQLite database (several consoles may share one; one runs the scheduler)
  FARSIGHT_DATA_DIR         data directory (same as --data-dir)
  FARSIGHT_ADMIN_PASSWORD   password of the first global administrator 'admin' (≥ 12 characters);
                            without it a random one is generated and printed once on first start
  FARSIGHT_MASTER_KEY       base64 of 32 bytes: master key for stored credentials (else <data-dir>/master.key)
  FARSIGHT_SCHEDULER_INTERVAL_MS
                            how often the scheduler looks for due scan schedules (default 5000)
  Tuning variables (FARSIGHT_LEADER_RETRY_MS, FARSIGHT_ENGINE_*, …): docs/console.md, docs/engines.md

Data directory (default ./.farsight/console): console.db (SQLite, WAL), tls/ca.pem + ca.key (the
console CA), tls/server.pem + server.key (its HTTPS certificate), master.key.

Examples:
  farsight console                                   # https://localhost:3780, embedded SQLite
  farsight console --host 0.0.0.0 --tls-name console.example.com
  DATABASE_URL=postgres://farsight@127.0.0.1/farsight farsight console --port 3781

SIGINT/SIGTERM stop gracefully (in-flight requests finish); a second signal exits at once.
See docs/console.md.`;

/** Adds the `console` command. */
export function registerConsoleCommand(program: Command): void {
  program
    .command('console')
    .description('start the Farsight Security Console: HTTPS web API (InsightVM v3-compatible), database, scheduler and the built-in local scan engine')
    .option('--host <address>', 'address to listen on (0.0.0.0 or :: to expose it beyond this machine)', '127.0.0.1')
    .option('--port <n>', 'HTTPS port', int('--port', 0, 65535), 3780)
    .option('--data-dir <dir>', 'data directory: SQLite database, TLS CA and certificates, master key (env FARSIGHT_DATA_DIR; default ./.farsight/console)')
    .option('--tls-cert <file>', 'PEM certificate (chain) to serve instead of the generated one (with --tls-key)')
    .option('--tls-key <file>', 'PEM private key of --tls-cert')
    .option('--tls-name <name>', 'extra DNS name or IP for the generated server certificate (repeatable)', (v: string, acc: string[]) => [...acc, v], [])
    .option('--body-limit <bytes>', 'largest accepted request body', int('--body-limit', 1024, 1024 ** 3))
    .option('--lockout-threshold <n>', 'consecutive failed logins that lock an account (default 5)', int('--lockout-threshold', 1, 1000))
    .option('--lockout-minutes <n>', 'how long a locked account stays locked (default 15)', int('--lockout-minutes', 0, 100_000))
    .addOption(new Option('--log-level <level>', 'log level').choices(['fatal', 'error', 'warn', 'info', 'debug', 'silent']).default('info'))
    .addHelpText('after', HELP_AFTER)
    .action(async (f: ConsoleFlags) => {
      // Loaded on demand: `farsight scan` must not pay for the console's dependencies.
      const { startConsole } = await import('@farsight/console/src/console-main.ts');
      const running = await startConsole({
        host: f.host, port: f.port, dataDir: f.dataDir, tlsCertFile: f.tlsCert, tlsKeyFile: f.tlsKey, tlsNames: f.tlsName, logLevel: f.logLevel,
        http: f.bodyLimit === undefined ? {} : { bodyLimit: f.bodyLimit },
        auth: { ...(f.lockoutThreshold !== undefined && { lockoutThreshold: f.lockoutThreshold }), ...(f.lockoutMinutes !== undefined && { lockoutMinutes: f.lockoutMinutes }) },
      });
      process.stdout.write(`farsight console: listening on ${running.url} (database: ${running.config.databaseUrl ? 'PostgreSQL' : running.config.sqlitePath})\n`);
      if (running.tls.caCert) process.stdout.write(`farsight console: TLS CA ${running.config.dataDir}/tls/ca.pem (SHA-256 ${running.tls.fingerprint256})\n`);
      let signals = 0;
      const onSignal = (sig: NodeJS.Signals): void => {
        if (++signals > 1) process.exit(1);
        process.stdout.write(`farsight console: ${sig} received, stopping...\n`);
        // A hung shutdown must not keep the process alive forever.
        setTimeout(() => process.exit(1), 15_000).unref();
        running.stop().then(() => process.exit(0), (e: unknown) => process.exit(reportError(e)));
      };
      process.on('SIGINT', onSignal);
      process.on('SIGTERM', onSignal);
    });
}
