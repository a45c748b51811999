/**
 * `ssh-algorithms`: weak KEX, ciphers, MACs and host keys read from the server's KEXINIT
 * name-lists that service detection recorded (ServiceResult.ssh); STACK.md: read the lists,
 * do not negotiate. `ssh-protocol-1`: the identification string's protocol version.
 * Neither sends anything beyond what detection already did.
 */
import type { ActiveCheck, Finding } from '../types.ts';
import type { ServiceResult, SshInfo } from '../../types.ts';
import { findingOf, type VulnDefinition } from '../vuln-def.ts';
import { SSH_DEFS as D, WEAK_CIPHERS, WEAK_HOSTKEYS, WEAK_KEX, WEAK_MACS } from './ssh-defs.ts';

/** Pure verdict on KEXINIT lists. */
export function evaluateSshAlgorithms(ssh: Pick<SshInfo, 'kexAlgorithms' | 'ciphers' | 'macs' | 'hostKeyAlgorithms'>, s: Pick<ServiceResult, 'port' | 'protocol'>): Finding[] {
  const rows: [VulnDefinition, string[], string[], string][] = [
    [D.kex, ssh.kexAlgorithms, WEAK_KEX, 'kex_algorithms'], [D.cipher, ssh.ciphers, WEAK_CIPHERS, 'encryption_algorithms'],
    [D.mac, ssh.macs, WEAK_MACS, 'mac_algorithms'], [D.hostKey, ssh.hostKeyAlgorithms, WEAK_HOSTKEYS, 'server_host_key_algorithms'],
  ];
  const out: Finding[] = [];
  for (const [def, offered, weak, field] of rows) {
    const bad = offered.filter((a) => weak.includes(a));
    if (bad.length > 0) out.push(findingOf(def, s, 'ssh-algorithms', `KEXINIT ${field} offers ${bad.join(', ')}`));
  }
  return out;
}

/** The SSH algorithm check (evidence = the detected KEXINIT lists). */
export const sshAlgorithms: ActiveCheck<SshInfo> = {
  meta: { id: 'ssh-algorithms', title: 'Weak SSH algorithms offered', categories: ['safe'], services: ['ssh'], reports: [D.kex.id, D.cipher.id, D.mac.id, D.hostKey.id] },
  appliesTo: (s) => s.ssh !== undefined && s.ssh.kexAlgorithms.length > 0,
  run: (ctx) => (ctx.service.ssh ? Promise.resolve(ctx.service.ssh) : Promise.reject(new Error('no KEXINIT in the service evidence'))),
  evaluate: (e, s) => evaluateSshAlgorithms(e, s),
};

/** Pure verdict on an SSH identification string (RFC 4253 §4.2, §5.1). */
export function evaluateSshProtocol1(identification: string, s: Pick<ServiceResult, 'port' | 'protocol'>): Finding[] {
  const m = /^SSH-(1\.\d+)-/.exec(identification);
  return m ? [findingOf(D.protocol1, s, 'ssh-protocol-1', `identification string ${identification.slice(0, 120)} (protocol ${m[1]})`)] : [];
}

/** The SSH protocol 1 check (evidence = the identification string detection read). */
export const sshProtocol1: ActiveCheck<string> = {
  meta: { id: 'ssh-protocol-1', title: 'SSH protocol 1 supported', categories: ['safe'], services: ['ssh'], reports: [D.protocol1.id] },
  appliesTo: (s) => (s.ssh?.identification ?? s.banner ?? '').startsWith('SSH-1.'),
  run: (ctx) => Promise.resolve(ctx.service.ssh?.identification ?? ctx.service.banner ?? ''),
  evaluate: (e, s) => evaluateSshProtocol1(e, s),
};
