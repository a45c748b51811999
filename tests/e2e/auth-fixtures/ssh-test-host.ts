/**
 * In-process SSH test hosts (ssh2's Server) that answer Farsight's fixed collection commands
 * with canned output, emulating Alpine, Rocky/RHEL and Ubuntu machines. They count every
 * authentication attempt (the scope and host-key tests assert zero), understand the sudo and
 * su wrappers of elevation, and can hang or flood a command to test deadlines and caps.
 * Addresses are in 127.7.0.0/16 (this suite's block).
 */
import ssh2 from 'ssh2';
import type { Connection, ServerChannel } from 'ssh2';
import { timingSafeEqual } from 'node:crypto';

// ssh2 is CommonJS: Node's ESM loader cannot see its named exports.
const { Server, utils } = ssh2;

/** What a command answers. */
export interface CannedReply {
  stdout?: string;
  stderr?: string;
  code?: number;
  /** Never answer (tests the per-command deadline). */
  hang?: boolean;
  /** Write this many bytes of filler (tests the output cap). */
  floodBytes?: number;
}

/** One emulated host. */
export interface TestHostSpec {
  address: string;
  /** 0 = any free port. */
  port?: number;
  user: string;
  password?: string;
  /** OpenSSH public key line (`ssh-ed25519 AAAA…`) accepted for the user. */
  publicKey?: string;
  /** Host key (PEM/OpenSSH private key); generated when absent. */
  hostKey?: string;
  /** Exact command string → reply. `id -u` is built in (0 when elevated). */
  commands: Record<string, CannedReply>;
  sudoPassword?: string;
  sudoNoPassword?: boolean;
  suPassword?: string;
}

/** A running test host. */
export interface TestHost {
  address: string;
  port: number;
  hostKey: string;
  /** Authentication requests seen (every method, including the `none` probe of unauthenticated checks). */
  authAttempts: number;
  /** Credential-bearing attempts (password, publickey, keyboard-interactive, hostbased). */
  credentialAttempts: number;
  /** Connections accepted (TCP). */
  connections: number;
  commandsRun: string[];
  close(): Promise<void>;
}

/**
 * A fresh ed25519 host or user key in OpenSSH format. ssh2 1.17 writes a malformed key when
 * the public key starts with a zero byte (about 1 in 256): generate again until it parses.
 */
export function generateKey(passphrase?: string): { private: string; public: string } {
  for (let i = 0; i < 50; i++) {
    const k = passphrase === undefined
      ? utils.generateKeyPairSync('ed25519')
      : utils.generateKeyPairSync('ed25519', { passphrase, cipher: 'aes256-ctr', rounds: 16 });
    if (!(utils.parseKey(k.private, passphrase) instanceof Error)) return { private: k.private, public: k.public };
  }
  throw new Error('ssh2 generated 50 malformed ed25519 keys in a row');
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function unquote(q: string): string | undefined {
  if (!q.startsWith("'") || !q.endsWith("'")) return undefined;
  return q.slice(1, -1).replaceAll("'\\''", "'");
}

/** Starts one emulated host. */
export async function startTestHost(spec: TestHostSpec): Promise<TestHost> {
  const hostKey = spec.hostKey ?? generateKey().private;
  const allowedKey = spec.publicKey ? utils.parseKey(spec.publicKey) : undefined;
  if (allowedKey instanceof Error) throw allowedKey;
  const state = { authAttempts: 0, credentialAttempts: 0, connections: 0, commandsRun: [] as string[] };
  const clients = new Set<Connection>();
  const server = new Server({ hostKeys: [hostKey] }, (client) => {
    state.connections++;
    clients.add(client);
    client.on('close', () => clients.delete(client));
    client.on('error', () => undefined);
    client.on('authentication', (ctx) => {
      state.authAttempts++;
      if (ctx.method !== 'none') state.credentialAttempts++;
      if (ctx.username !== spec.user) { ctx.reject(); return; }
      if (ctx.method === 'password' && spec.password !== undefined && same(ctx.password, spec.password)) { ctx.accept(); return; }
      if (ctx.method === 'publickey' && allowedKey && ctx.key.algo === allowedKey.type && ctx.key.data.equals(allowedKey.getPublicSSH())) {
        if (!ctx.signature || allowedKey.verify(ctx.blob ?? Buffer.alloc(0), ctx.signature, ctx.hashAlgo) === true) { ctx.accept(); return; }
      }
      ctx.reject(['password', 'publickey']);
    });
    client.on('ready', () => {
      client.on('session', (acceptSession) => {
        const session = acceptSession();
        session.on('pty', (accept) => accept?.());
        session.on('exec', (accept, _reject, info) => {
          const stream = accept();
          state.commandsRun.push(info.command);
          handleExec(spec, info.command, stream);
        });
      });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(spec.port ?? 0, spec.address, () => resolve());
  });
  const port = (server.address() as { port: number }).port;
  return {
    address: spec.address, port, hostKey,
    get authAttempts() { return state.authAttempts; },
    get credentialAttempts() { return state.credentialAttempts; },
    get connections() { return state.connections; },
    get commandsRun() { return state.commandsRun; },
    close: () => new Promise<void>((resolve) => {
      for (const c of clients) c.end();
      server.close(() => resolve());
    }),
  };
}

function reply(stream: ServerChannel, r: CannedReply): void {
  if (r.hang) return;
  if (r.floodBytes !== undefined) {
    const chunk = Buffer.alloc(64 * 1024, 0x41);
    let left = r.floodBytes;
    const pump = (): void => {
      while (left > 0 && !stream.destroyed) {
        left -= chunk.length;
        if (!stream.write(chunk)) { stream.once('drain', pump); return; }
      }
      if (!stream.destroyed) { stream.exit(0); stream.end(); }
    };
    stream.on('error', () => undefined);
    pump();
    return;
  }
  if (r.stdout) stream.write(r.stdout);
  if (r.stderr) stream.stderr.write(r.stderr);
  stream.exit(r.code ?? 0);
  stream.end();
}

function run(spec: TestHostSpec, command: string, elevated: boolean, stream: ServerChannel): void {
  if (command === 'id -u') { reply(stream, { stdout: elevated ? '0\n' : '1000\n' }); return; }
  const r = spec.commands[command];
  reply(stream, r ?? { stderr: `sh: 1: ${command.split(' ')[0]}: not found\n`, code: 127 });
}

function handleExec(spec: TestHostSpec, command: string, stream: ServerChannel): void {
  stream.on('error', () => undefined);
  const sudoS = /^sudo -S -p '' -- sh -c ('.*')$/s.exec(command);
  const sudoN = /^sudo -n -- sh -c ('.*')$/s.exec(command);
  const su = /^su root -c ('.*')$/s.exec(command);
  const inner = unquote((sudoS ?? sudoN ?? su)?.[1] ?? '');
  if (sudoN && inner !== undefined) {
    if (spec.sudoNoPassword) run(spec, inner, true, stream);
    else reply(stream, { stderr: 'sudo: a password is required\n', code: 1 });
    return;
  }
  if ((sudoS || su) && inner !== undefined) {
    if (su) stream.write('Password: ');
    let typed = '';
    const onData = (d: Buffer): void => {
      typed += d.toString('utf8');
      if (!typed.includes('\n')) return;
      stream.off('data', onData);
      const line = typed.split('\n')[0] ?? '';
      const want = su ? spec.suPassword : spec.sudoPassword;
      if (want !== undefined && same(line, want)) run(spec, inner, true, stream);
      else reply(stream, su ? { stdout: '\r\nsu: Authentication failure\r\n', code: 1 } : { stderr: 'Sorry, try again.\nsudo: 1 incorrect password attempt\n', code: 1 });
    };
    stream.on('data', onData);
    return;
  }
  run(spec, command, false, stream);
}
