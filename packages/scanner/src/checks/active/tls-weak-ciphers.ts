/**
 * `tls-weak-ciphers`: offers only weak suites (NULL, EXPORT, anonymous, RC4, DES, 3DES) in a
 * raw TLS 1.2 ClientHello; any suite the server picks is weak by construction. The picked suite
 * is removed and the hello repeated (at most MAX_ROUNDS times) to list more than one class.
 * On a service that advertised STARTTLS each hello goes after the upgrade (`starttls.ts`).
 */
import type { ActiveCheck, Finding } from '../types.ts';
import type { ServiceResult } from '../../types.ts';
import { findingOf } from '../vuln-def.ts';
import { TLS_CIPHER_DEFS } from './tls-defs.ts';
import { WEAK_CIPHERS, WIRE, versionName, weakCipher } from './tls-hello.ts';
import { helloProbe } from './tls-protocols.ts';
import { viaOf } from './starttls.ts';
import { starttlsProtocolOf, withVia } from './starttls-dialogue.ts';

const MAX_ROUNDS = 6;

/** Evidence: every weak suite the server chose, with the version it answered with. */
export interface WeakCipherEvidence {
  accepted: { code: number; version: number }[];
  /** Why the last round ended (alert, close, …), for debugging. */
  stop: string;
  /** The STARTTLS upgrade the hellos went through; absent on implicit TLS. */
  via?: string;
}

/** Pure verdict: one finding per weak class, proof listing the suites. */
export function evaluateWeakCiphers(e: WeakCipherEvidence, s: Pick<ServiceResult, 'port' | 'protocol'>): Finding[] {
  const byClass = new Map<string, string[]>();
  for (const a of e.accepted) {
    const w = weakCipher(a.code);
    if (!w) continue; // a server answering with a suite we never offered proves nothing about weakness
    const list = byClass.get(w.cls) ?? [];
    list.push(`${w.name} (${versionName(a.version)})`);
    byClass.set(w.cls, list);
  }
  return [...byClass].map(([cls, names]) => findingOf(TLS_CIPHER_DEFS[cls as keyof typeof TLS_CIPHER_DEFS], s, 'tls-weak-ciphers',
    withVia(`server chose ${names.join(', ')} when offered only weak suites`, e.via), { instance: cls }));
}

/** The weak cipher check. */
export const tlsWeakCiphers: ActiveCheck<WeakCipherEvidence> = {
  meta: { id: 'tls-weak-ciphers', title: 'Weak TLS cipher suites accepted', categories: ['safe'], services: [], reports: Object.values(TLS_CIPHER_DEFS).map((d) => d.id) },
  appliesTo: (s) => (s.tunnel === 'ssl' && s.protocol === 'tcp') || starttlsProtocolOf(s) !== undefined,
  async run(ctx) {
    let offer = Object.values(WEAK_CIPHERS).flatMap((t) => Object.keys(t).map(Number));
    const accepted: WeakCipherEvidence['accepted'] = [];
    let stop = 'no weak suite offered';
    for (let round = 0; round < MAX_ROUNDS && offer.length > 0 && !ctx.signal.aborted; round++) {
      let r: Awaited<ReturnType<typeof helloProbe>>;
      try {
        r = await helloProbe(ctx, WIRE['TLSv1.2'], offer);
      } catch (e) {
        // The first round's failure is the check's; a later one keeps what earlier rounds proved.
        if (round === 0) throw e;
        stop = e instanceof Error ? e.message : String(e);
        break;
      }
      if (r.kind !== 'server-hello') { stop = r.kind === 'alert' ? `alert ${r.description}` : r.kind === 'closed' ? r.reason : r.kind === 'invalid' ? r.reason : 'incomplete'; break; }
      accepted.push({ code: r.cipher, version: r.version });
      if (!offer.includes(r.cipher)) { stop = `server chose 0x${r.cipher.toString(16)} which was not offered`; break; }
      offer = offer.filter((c) => c !== r.cipher);
      stop = 'rounds used up';
    }
    const via = viaOf(ctx);
    return { accepted, stop, ...(via ? { via } : {}) };
  },
  evaluate: (e, s) => evaluateWeakCiphers(e, s),
};
