/**
 * SSH: the identification line (RFC 4253 §4.2), our own identification, then the server's
 * KEXINIT (§7.1) whose name-lists become SshInfo. We stop before key exchange.
 */
import { describeEnd, type Conn } from './conn.ts';
import { addNote, keepRaw, type Ctx } from './context.ts';
import { KEYS } from './match-keys.ts';
import { addEvidence, matchInto } from './result.ts';
import { parseKexInit, parseSshIdentification, readSshPacket, unionLists } from './ssh-parse.ts';
import { printable } from './text.ts';
import { applyFallback } from './text-protocols.ts';

/** Our identification: RFC 4253 §4.2 form, honest about who we are. */
export const OUR_SSH_ID = 'SSH-2.0-Farsight_0.1\r\n';

/** Completes SSH detection on a connection whose data starts with the server's identification. */
export async function handleSsh(ctx: Ctx, conn: Conn): Promise<void> {
  const r = ctx.result;
  r.name = 'ssh';
  const t = ctx.opts.readTimeoutMs;
  let end = await conn.wait((d) => parseSshIdentification(d) !== undefined, { firstMs: t, idleMs: t });
  const id = parseSshIdentification(conn.data());
  if (!id) {
    r.banner = printable(conn.data());
    addNote(ctx, describeEnd(end, conn, 'SSH identification incomplete'));
    return;
  }
  r.banner = printable(id.identification);
  keepRaw(ctx, 'NULL', conn.data().subarray(0, id.end));
  const software = id.comments ? `${id.softwareVersion} ${id.comments}` : id.softwareVersion;
  matchInto(r, ctx.opts.matcher, 'banner', KEYS.sshBanner, software);
  applyFallback(ctx, KEYS.sshBanner, software);
  r.ssh = {
    identification: id.identification, protoVersion: id.protoVersion, softwareVersion: id.softwareVersion,
    ...(id.comments ? { comments: id.comments } : {}),
    kexAlgorithms: [], hostKeyAlgorithms: [], ciphers: [], macs: [], compression: [],
  };
  if (id.protoVersion !== '2.0' && id.protoVersion !== '1.99') {
    addNote(ctx, `SSH protocol ${id.protoVersion} only: no KEXINIT to read`);
    return;
  }
  conn.consume(id.end);
  conn.write(OUR_SSH_ID);
  end = await conn.wait((d) => readSshPacket(d).kind !== 'need', { firstMs: t, idleMs: t });
  const pkt = readSshPacket(conn.data());
  if (pkt.kind !== 'packet') {
    addNote(ctx, pkt.kind === 'invalid' ? `SSH KEXINIT unreadable: ${pkt.reason}` : describeEnd(end, conn, 'SSH KEXINIT not received'));
    return;
  }
  const kex = parseKexInit(pkt.payload);
  if (typeof kex === 'string') {
    addNote(ctx, `SSH KEXINIT unreadable: ${kex}`);
    return;
  }
  Object.assign(r.ssh, {
    kexAlgorithms: kex.kexAlgorithms,
    hostKeyAlgorithms: kex.hostKeyAlgorithms,
    ciphers: unionLists(kex.ciphersClientToServer, kex.ciphersServerToClient),
    macs: unionLists(kex.macsClientToServer, kex.macsServerToClient),
    compression: unionLists(kex.compressionClientToServer, kex.compressionServerToClient),
  });
  addEvidence(r, { probe: 'ssh-kexinit', key: 'ssh.kex_algorithms', value: kex.kexAlgorithms.join(',') });
  addEvidence(r, { probe: 'ssh-kexinit', key: 'ssh.host_key_algorithms', value: kex.hostKeyAlgorithms.join(',') });
  conn.close();
}
