/**
 * The SSH transport of authenticated scans (ssh2 client): connect with host-key pinning,
 * authenticate with one credential, and run fixed commands with a per-command deadline and
 * output cap. The only module that reveals a secret, and only to ssh2 or to sudo/su's stdin.
 */
import ssh2 from 'ssh2';
import type { Client, ClientChannel, ConnectConfig } from 'ssh2';
import type { SshCredential } from './credentials.ts';
import { keyFingerprint } from './known-hosts.ts';
import type { KnownHosts } from './known-hosts.ts';
import type { AuthOutcome } from './types.ts';

/** How to reach one host. */
export interface ConnectOptions {
  address: string;
  credential: SshCredential;
  knownHosts: KnownHosts;
  /** Deadline for TCP connect + key exchange + authentication. */
  timeoutMs: number;
}

/** A failed login: the outcome and a secret-free reason. */
export interface ConnectFailure {
  ok: false;
  outcome: AuthOutcome;
  detail: string;
  hostKey?: string;
  hostKeyChanged?: boolean;
}

/** What one command produced. */
export interface ExecResult {
  stdout: string;
  stderr: string;
  /** Exit status; undefined when the channel closed without one (timeout, cap, signal). */
  code?: number;
  timedOut: boolean;
  truncated: boolean;
}

/** Limits of one command. */
export interface ExecLimits {
  timeoutMs: number;
  maxBytes: number;
  /** Written to stdin, then stdin is closed (sudo -S reads its password there). */
  stdin?: string;
  /** Allocate a terminal (su reads its password only from one); `answer` is typed at the first prompt. */
  pty?: { prompt: RegExp; answer: string };
}

/** A logged-in SSH connection. */
export class SshSession {
  readonly #client: Client;
  readonly hostKey: string;
  readonly method: 'password' | 'publickey';

  constructor(client: Client, hostKey: string, method: 'password' | 'publickey') {
    this.#client = client;
    this.hostKey = hostKey;
    this.method = method;
  }

  /** Runs one fixed command string; never rejects for the command's own failure. */
  exec(command: string, limits: ExecLimits): Promise<ExecResult> {
    return new Promise((resolve) => {
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      let bytes = 0;
      let truncated = false;
      let timedOut = false;
      let channel: ClientChannel | undefined;
      let settled = false;
      const finish = (code?: number): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve({ stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), code, timedOut, truncated });
      };
      const timer = setTimeout(() => { timedOut = true; channel?.close(); finish(); }, limits.timeoutMs);
      const take = (into: Buffer[], d: Buffer): void => {
        if (truncated) return;
        const room = limits.maxBytes - bytes;
        if (d.length > room) {
          into.push(d.subarray(0, Math.max(0, room)));
          bytes = limits.maxBytes;
          truncated = true;
          channel?.close();
          finish();
          return;
        }
        bytes += d.length;
        into.push(d);
      };
      const onChannel = (e: Error | undefined, ch: ClientChannel): void => {
        if (e) { err.push(Buffer.from(`cannot open a channel: ${e.message}`)); finish(); return; }
        channel = ch;
        if (settled) { ch.close(); return; }
        let exit: number | undefined;
        let answered = false;
        ch.on('data', (d: Buffer) => {
          if (limits.pty && !answered && limits.pty.prompt.test(d.toString('latin1'))) {
            answered = true;
            ch.write(`${limits.pty.answer}\n`);
            return;
          }
          take(out, d);
        });
        ch.stderr.on('data', (d: Buffer) => take(err, d));
        ch.on('exit', (code: number | null) => { exit = code ?? undefined; });
        ch.on('close', () => finish(exit));
        if (limits.stdin !== undefined) ch.end(limits.stdin);
        else if (!limits.pty) ch.end();
      };
      try {
        if (limits.pty) this.#client.exec(command, { pty: { term: 'dumb', cols: 200, rows: 24 } }, onChannel);
        else this.#client.exec(command, onChannel);
      } catch (e) {
        err.push(Buffer.from((e as Error).message));
        finish();
      }
    });
  }

  /** Closes the connection. */
  close(): void {
    this.#client.end();
  }
}

/** Connects and logs in; resolves to a session or a failure with its outcome. Never rejects. */
export function connectSsh(options: ConnectOptions): Promise<SshSession | ConnectFailure> {
  const { address, credential, knownHosts } = options;
  const client = new ssh2.Client();
  let hostKey: string | undefined;
  let changed = false;
  let method: 'password' | 'publickey' = credential.privateKey ? 'publickey' : 'password';
  return new Promise((resolve) => {
    let settled = false;
    const fail = (outcome: AuthOutcome, detail: string): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      client.removeAllListeners('ready');
      client.on('error', () => undefined);
      client.end();
      client.destroy();
      resolve({ ok: false, outcome, detail, ...(hostKey ? { hostKey } : {}), ...(changed ? { hostKeyChanged: true } : {}) });
    };
    const timer = setTimeout(() => fail('timedout', `no login within ${options.timeoutMs} ms`), options.timeoutMs + 1000);
    const methods: string[] = [];
    if (credential.privateKey) methods.push('publickey');
    if (credential.password) methods.push('password');
    let tried = 0;
    const config: ConnectConfig = {
      host: address,
      port: credential.port,
      username: credential.user,
      readyTimeout: options.timeoutMs,
      tryKeyboard: false,
      hostVerifier: (key: Buffer): boolean => {
        hostKey = keyFingerprint(key);
        const verdict = knownHosts.check(address, credential.port, key);
        changed = verdict === 'changed';
        return !changed;
      },
      // Try only what the credential holds, in order; stop after the last one.
      authHandler: (_remaining, _partial, next) => {
        const m = methods[tried++];
        if (m === undefined) { next(false as never); return; }
        method = m as 'password' | 'publickey';
        if (m === 'publickey') {
          next({ type: 'publickey', username: credential.user, key: credential.privateKey?.revealBuffer() ?? '', ...(credential.passphrase ? { passphrase: credential.passphrase.reveal() } : {}) } as never);
        } else {
          next({ type: 'password', username: credential.user, password: credential.password?.reveal() ?? '' });
        }
      },
    };
    client.on('ready', () => {
      if (settled) { client.end(); return; }
      settled = true;
      clearTimeout(timer);
      client.on('error', () => undefined);
      resolve(new SshSession(client, hostKey ?? 'unknown', method));
    });
    client.on('error', (e: Error & { level?: string; code?: string }) => {
      if (changed) { fail('error', `host key changed: the server at ${address}:${credential.port} presented ${hostKey ?? 'another key'}, not the key pinned in ${knownHosts.path}; nothing was sent. If the change is expected, delete its line there`); return; }
      fail(...classify(e, address, credential.port));
    });
    try {
      client.connect(config);
    } catch (e) {
      fail('error', `cannot use credential '${credential.name}': ${safeMessage(e)}`);
    }
  });
}

function safeMessage(e: unknown): string {
  // ssh2's messages never hold secrets; cap them anyway so a hostile server cannot flood a report.
  return (e instanceof Error ? e.message : String(e)).replace(/[^\x20-\x7e]/g, '?').slice(0, 200);
}

/** Maps an ssh2/socket error to an outcome and a reason. */
export function classify(e: Error & { level?: string; code?: string }, address: string, port: number): [AuthOutcome, string] {
  if (e.level === 'client-authentication') return ['badcredential', `the server at ${address}:${port} rejected the credential (${safeMessage(e)})`];
  if (e.level === 'client-timeout') return ['timedout', `${address}:${port} did not finish the SSH handshake in time`];
  if (e.code === 'ECONNREFUSED' || e.code === 'EHOSTUNREACH' || e.code === 'ENETUNREACH' || e.code === 'ECONNRESET' || e.code === 'EADDRNOTAVAIL') {
    return ['unavailable', `no SSH service at ${address}:${port} (${e.code})`];
  }
  if (e.code === 'ETIMEDOUT') return ['timedout', `${address}:${port} did not answer (ETIMEDOUT)`];
  return ['error', `SSH to ${address}:${port} failed: ${safeMessage(e)}`];
}
