/**
 * `ssh-password-auth`: completes the key exchange with the ssh2 client, then asks for the
 * `none` method (RFC 4252 §5.2): the failure reply lists the methods that can continue. No
 * password is ever sent; the connection ends right after the list arrives.
 */
import { Client, type Algorithms, type AuthHandlerMiddleware } from 'ssh2';
import type { Socket } from 'node:net';
import type { ActiveCheck, Finding } from '../types.ts';
import type { ServiceResult } from '../../types.ts';
import { findingOf } from '../vuln-def.ts';
import { SSH_DEFS as D } from './ssh-defs.ts';

/** Evidence: the methods the server said can continue, or why none were read. */
export interface SshAuthEvidence {
  methods: string[] | null;
  /** True when the server let `none` through (no authentication at all). */
  noneAccepted: boolean;
  error?: string;
}

const USER = 'farsight-probe';
/** Legacy algorithms appended to ssh2's defaults so old servers can still be asked. */
const add = <T>(append: T[]): { append: T[]; prepend: T[]; remove: T[] } => ({ append, prepend: [], remove: [] });
const LEGACY: Algorithms = {
  kex: add(['diffie-hellman-group14-sha1', 'diffie-hellman-group1-sha1', 'diffie-hellman-group-exchange-sha1']),
  cipher: add(['aes128-cbc', 'aes256-cbc', '3des-cbc']),
  serverHostKey: add(['ssh-dss', 'ssh-rsa']),
  hmac: add(['hmac-sha1', 'hmac-md5']),
};

/** Pure verdict on the methods list. */
export function evaluateSshAuth(e: SshAuthEvidence, s: Pick<ServiceResult, 'port' | 'protocol'>): Finding[] {
  const m = e.methods ?? [];
  const offered = m.filter((x) => x === 'password' || x === 'keyboard-interactive');
  return offered.length > 0 ? [findingOf(D.password, s, 'ssh-password-auth', `USERAUTH_FAILURE to method "none" lists: ${m.join(',')}`)] : [];
}

/** The SSH password-authentication check. */
export const sshPasswordAuth: ActiveCheck<SshAuthEvidence> = {
  meta: { id: 'ssh-password-auth', title: 'SSH password authentication offered', categories: ['safe'], services: ['ssh'], reports: [D.password.id] },
  appliesTo: (s) => s.name === 'ssh' && s.ssh !== undefined && s.ssh.protoVersion !== '1.5',
  async run(ctx) {
    const conn = await ctx.net.connect({ tls: false });
    const sock = conn.detach() as Socket;
    const client = new Client();
    try {
      return await new Promise<SshAuthEvidence>((resolve) => {
        let methods: string[] | null = null;
        const done = (e: SshAuthEvidence): void => { resolve(e); client.end(); sock.destroy(); };
        ctx.signal.addEventListener('abort', () => done({ methods, noneAccepted: false, error: 'deadline' }), { once: true });
        client.on('ready', () => done({ methods, noneAccepted: true }));
        client.on('error', (err: Error) => done({ methods, noneAccepted: false, ...(methods ? {} : { error: err.message.slice(0, 200) }) }));
        client.on('close', () => done({ methods, noneAccepted: false, ...(methods ? {} : { error: 'closed' }) }));
        // ssh2 calls the handler first with null (nothing tried yet), then with the server's list.
        const authHandler: AuthHandlerMiddleware = (left: string[] | null, _partial, next) => {
          if (left === null) { next({ type: 'none', username: USER }); return; }
          methods = left.slice(0, 16).map(String);
          next(false as never);
        };
        client.connect({ sock, username: USER, readyTimeout: Math.max(100, ctx.timeoutMs - 100), hostVerifier: () => true, algorithms: LEGACY, authHandler });
      });
    } finally {
      client.end();
      sock.destroy();
    }
  },
  evaluate: (e, s) => evaluateSshAuth(e, s),
};
