/**
 * A real SSH server (ssh2) for profiles with `authMethods`: it completes the key exchange so a
 * scanner can ask for the `none` method (RFC 4252 §5.2) and read the list of methods that can
 * continue. Every authentication attempt is rejected: nobody ever logs in.
 */
import ssh2 from 'ssh2';
import type { Socket } from 'node:net';
import type { SshProfile } from '../catalog.ts';
import type { Stream } from '../session.ts';

const { Server, utils } = ssh2;
let hostKey: string | undefined;
const servers = new Map<string, InstanceType<typeof Server>>();

function serverFor(p: SshProfile): InstanceType<typeof Server> {
  let s = servers.get(p.profile);
  if (s) return s;
  // One Ed25519 host key per process (generation is fast; the key never leaves memory).
  hostKey ??= utils.generateKeyPairSync('ed25519').private;
  const a = p.algorithms;
  s = new Server({
    hostKeys: [hostKey], ident: p.banner.replace(/^SSH-2\.0-/, ''),
    algorithms: { kex: a.kex, cipher: a.ciphers, hmac: a.macs, serverHostKey: a.hostKey, compress: a.compression } as ssh2.Algorithms,
  }, (client) => {
    client.on('error', () => undefined);
    client.on('authentication', (ctx) => ctx.reject(p.authMethods as ssh2.AuthenticationType[]));
  });
  servers.set(p.profile, s);
  return s;
}

/** Hands one connection to the ssh2 server of the profile. */
export function serveSshAuth(stream: Stream, p: SshProfile): void {
  serverFor(p).injectSocket(stream as Socket);
}
