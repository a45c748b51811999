/**
 * Console configuration: defaults, environment and command-line values merged into one
 * validated object. Every number here is configurable; docs/console.md lists them.
 */
import { resolve, join } from 'node:path';
import { FarsightError } from '@farsight/common';

/** Authentication tuning. */
export interface AuthSettings {
  /** Consecutive failed password logins that lock an account. */
  lockoutThreshold: number;
  /** How long a locked account stays locked. */
  lockoutMinutes: number;
  /** POST /api/farsight/session attempts per client address per window. */
  loginRateMax: number;
  /** Failed Basic/session password checks per client address per window before 429. */
  failureRateMax: number;
  /** The window of both rate limits. */
  rateWindowMs: number;
  /** Idle session lifetime. */
  sessionIdleMinutes: number;
  /** Absolute session lifetime. */
  sessionMaxHours: number;
}

/** HTTP server limits (STACK.md: set headersTimeout/requestTimeout and connectionsCheckingInterval). */
export interface HttpLimits {
  bodyLimit: number;
  connectionTimeoutMs: number;
  requestTimeoutMs: number;
  keepAliveTimeoutMs: number;
  headersTimeoutMs: number;
  connectionsCheckingIntervalMs: number;
}

/** Everything a console process needs to start. */
export interface ConsoleConfig {
  host: string;
  port: number;
  dataDir: string;
  /** postgres:// URL; undefined = SQLite at `sqlitePath`. */
  databaseUrl?: string;
  /** SQLite file (default `<dataDir>/console.db`; ':memory:' for tests). */
  sqlitePath: string;
  /** Given certificate/key (PEM files); undefined = generated CA + server certificate in the data dir. */
  tlsCertFile?: string;
  tlsKeyFile?: string;
  /** Extra DNS names / IPs for the generated server certificate. */
  tlsNames: string[];
  /** First admin's password (FARSIGHT_ADMIN_PASSWORD); undefined = random, printed once. */
  adminPassword?: string;
  /** Pino log level; 'silent' in tests. */
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'silent';
  /** How often a non-leader retries the PostgreSQL advisory lock. */
  leaderRetryMs: number;
  auth: AuthSettings;
  http: HttpLimits;
}

/** Defaults (docs/console.md). */
export const DEFAULTS = {
  host: '127.0.0.1',
  port: 3780,
  dataDir: './.farsight/console',
  logLevel: 'info',
  leaderRetryMs: 3000,
  auth: { lockoutThreshold: 5, lockoutMinutes: 15, loginRateMax: 10, failureRateMax: 20, rateWindowMs: 60_000, sessionIdleMinutes: 60, sessionMaxHours: 12 },
  http: { bodyLimit: 1024 * 1024, connectionTimeoutMs: 30_000, requestTimeoutMs: 60_000, keepAliveTimeoutMs: 5_000, headersTimeoutMs: 15_000, connectionsCheckingIntervalMs: 2_000 },
} as const satisfies Partial<ConsoleConfig> & Record<string, unknown>;

/** Partial input (CLI flags, tests); nested groups may be partial too. */
export type ConsoleConfigInput = Partial<Omit<ConsoleConfig, 'auth' | 'http'>> & { auth?: Partial<AuthSettings>; http?: Partial<HttpLimits> };

function intIn(name: string, v: number, min: number, max: number): number {
  if (!Number.isInteger(v) || v < min || v > max) throw new FarsightError('INVALID_ARGUMENT', `${name} must be an integer from ${min} to ${max} (got ${v})`);
  return v;
}

/** Merges input over environment over defaults and validates. */
export function resolveConfig(input: ConsoleConfigInput = {}, env: NodeJS.ProcessEnv = process.env): ConsoleConfig {
  const dataDir = resolve(input.dataDir ?? env.FARSIGHT_DATA_DIR ?? DEFAULTS.dataDir);
  // An explicitly given key (even undefined) wins over the environment, so tests can force SQLite.
  const databaseUrl = 'databaseUrl' in input ? input.databaseUrl : (env.DATABASE_URL || undefined);
  const auth = { ...DEFAULTS.auth, ...input.auth };
  const http = { ...DEFAULTS.http, ...input.http };
  const cfg: ConsoleConfig = {
    host: input.host ?? DEFAULTS.host,
    port: intIn('--port', input.port ?? DEFAULTS.port, 0, 65535),
    dataDir,
    databaseUrl,
    sqlitePath: input.sqlitePath ?? join(dataDir, 'console.db'),
    tlsCertFile: input.tlsCertFile,
    tlsKeyFile: input.tlsKeyFile,
    tlsNames: input.tlsNames ?? [],
    adminPassword: 'adminPassword' in input ? input.adminPassword : (env.FARSIGHT_ADMIN_PASSWORD || undefined),
    logLevel: input.logLevel ?? DEFAULTS.logLevel,
    leaderRetryMs: intIn('FARSIGHT_LEADER_RETRY_MS', input.leaderRetryMs ?? (env.FARSIGHT_LEADER_RETRY_MS ? Number(env.FARSIGHT_LEADER_RETRY_MS) : DEFAULTS.leaderRetryMs), 50, 600_000),
    auth: {
      lockoutThreshold: intIn('lockoutThreshold', auth.lockoutThreshold, 1, 1000),
      lockoutMinutes: intIn('lockoutMinutes', auth.lockoutMinutes, 0, 100_000),
      loginRateMax: intIn('loginRateMax', auth.loginRateMax, 1, 1_000_000),
      failureRateMax: intIn('failureRateMax', auth.failureRateMax, 1, 1_000_000),
      rateWindowMs: intIn('rateWindowMs', auth.rateWindowMs, 100, 86_400_000),
      sessionIdleMinutes: intIn('sessionIdleMinutes', auth.sessionIdleMinutes, 1, 100_000),
      sessionMaxHours: intIn('sessionMaxHours', auth.sessionMaxHours, 1, 10_000),
    },
    http: {
      bodyLimit: intIn('--body-limit', http.bodyLimit, 1024, 1024 * 1024 * 1024),
      connectionTimeoutMs: intIn('connectionTimeoutMs', http.connectionTimeoutMs, 100, 3_600_000),
      requestTimeoutMs: intIn('requestTimeoutMs', http.requestTimeoutMs, 100, 3_600_000),
      keepAliveTimeoutMs: intIn('keepAliveTimeoutMs', http.keepAliveTimeoutMs, 100, 3_600_000),
      headersTimeoutMs: intIn('headersTimeoutMs', http.headersTimeoutMs, 100, 3_600_000),
      connectionsCheckingIntervalMs: intIn('connectionsCheckingIntervalMs', http.connectionsCheckingIntervalMs, 100, 600_000),
    },
  };
  if (cfg.adminPassword !== undefined && cfg.adminPassword.length < 12) {
    throw new FarsightError('INVALID_ARGUMENT', 'FARSIGHT_ADMIN_PASSWORD must be at least 12 characters; unset it to get a generated one');
  }
  if ((cfg.tlsCertFile === undefined) !== (cfg.tlsKeyFile === undefined)) {
    throw new FarsightError('INVALID_ARGUMENT', '--tls-cert and --tls-key must be given together (or neither, to use the generated certificate)');
  }
  return cfg;
}
