/**
 * Trust frames (protocol 1.1): pairing with a shared secret, certificate renewal over a live
 * link, and a session refused by either side. They belong to the transport, not to a scan
 * session, so they have their own door (`parseTrustFrame`): the transport handles them before
 * handing anything else to the session, which validates with `parseMessage` as before.
 */
import { z } from 'zod';
import { LIMITS } from './limits.ts';
import { PROTOCOL_VERSION, parseProtocolVersion } from './version.ts';

const pem = z.string().min(64).max(16_384).regex(/^-----BEGIN [A-Z ]+-----[\s\S]+-----END [A-Z ]+-----\s*$/, 'a PEM block');
const text = z.string().max(LIMITS.textChars);
const name = z.string().max(LIMITS.nameChars);
const trustEnvelope = z.object({
  v: z.string().max(16),
  id: z.string().min(1).max(LIMITS.idChars).regex(/^[A-Za-z0-9._:-]+$/),
  ts: z.iso.datetime({ offset: true }),
});

/** Engine → console, first and only frame of a pairing connection: the secret and a CSR (PKCS#10 PEM). */
export const pairRequestSchema = trustEnvelope.extend({
  type: z.literal('pair.request'),
  secret: z.string().min(1).max(256),
  csr: pem,
  engineName: name.min(1),
  engineVersion: name,
});

/** Console → engine: the engine's certificate (and the CA chain), or why pairing was refused. */
export const pairResultSchema = trustEnvelope.extend({
  type: z.literal('pair.result'),
  result: z.enum(['ok', 'refused']),
  engineId: z.number().int().min(1).max(2 ** 31 - 1).optional(),
  certificate: pem.optional(),
  caCertificate: pem.optional(),
  message: text,
});

/** Engine → console over a live session: a CSR for a fresh certificate (the current one nears expiry). */
export const certRenewSchema = trustEnvelope.extend({ type: z.literal('cert.renew'), csr: pem });

/** Console → engine: the renewed certificate. */
export const certIssuedSchema = trustEnvelope.extend({ type: z.literal('cert.issued'), certificate: pem, notAfter: z.iso.datetime({ offset: true }) });

/**
 * Either side, then it closes: why this connection cannot carry a session.
 * `pending-authorization`: the engine has recorded the console but its admin has not enabled it;
 * `unauthorized`: refused by policy (hosted mode); `revoked`: the engine's certificate was
 * revoked; `unknown-engine`: no such engine (deleted).
 */
export const sessionRefusedSchema = trustEnvelope.extend({
  type: z.literal('session.refused'),
  code: z.enum(['pending-authorization', 'unauthorized', 'revoked', 'unknown-engine', 'busy']),
  message: text,
});

/** Every trust frame schema by type. */
export const TRUST_MESSAGES = {
  'pair.request': pairRequestSchema,
  'pair.result': pairResultSchema,
  'cert.renew': certRenewSchema,
  'cert.issued': certIssuedSchema,
  'session.refused': sessionRefusedSchema,
} as const;

/** A trust frame type name. */
export type TrustType = keyof typeof TRUST_MESSAGES;
/** A validated trust frame. */
export type TrustMessage = { [T in TrustType]: z.output<(typeof TRUST_MESSAGES)[T]> }[TrustType];
/** A validated trust frame of one type. */
export type TrustOf<T extends TrustType> = z.output<(typeof TRUST_MESSAGES)[T]>;

/** True when a decoded frame claims a trust type (the transport then validates it with parseTrustFrame). */
export function isTrustType(type: unknown): type is TrustType {
  return typeof type === 'string' && Object.hasOwn(TRUST_MESSAGES, type);
}

/** Validates a decoded trust frame; never throws. */
export function parseTrustFrame(input: unknown): { ok: true; message: TrustMessage } | { ok: false; message: string } {
  if (typeof input !== 'object' || input === null) return { ok: false, message: 'trust frame is not an object' };
  const { type, v } = input as { type?: unknown; v?: unknown };
  if (!isTrustType(type)) return { ok: false, message: `unknown trust frame type '${String(type).slice(0, 64)}'` };
  const theirs = typeof v === 'string' ? parseProtocolVersion(v) : undefined;
  const ours = parseProtocolVersion(PROTOCOL_VERSION);
  if (!theirs || !ours || theirs.major !== ours.major) return { ok: false, message: `trust frame speaks protocol '${String(v).slice(0, 16)}', this side speaks ${PROTOCOL_VERSION}` };
  const r = TRUST_MESSAGES[type].safeParse(input);
  if (!r.success) {
    const i = r.error.issues[0];
    return { ok: false, message: `invalid '${type}' frame: ${i ? `${i.path.join('.') || '(frame)'}: ${i.message}` : 'invalid'}` };
  }
  return { ok: true, message: r.data as TrustMessage };
}

/** Builds a trust frame with a fresh id and the current time (validated like a received one; throws on a bad body). */
export function createTrustMessage<T extends TrustType>(type: T, body: Omit<z.input<(typeof TRUST_MESSAGES)[T]>, 'v' | 'id' | 'type' | 'ts'>, now: Date = new Date()): TrustOf<T> {
  const frame = { ...body, v: PROTOCOL_VERSION, id: globalThis.crypto.randomUUID(), type, ts: now.toISOString() };
  const r = TRUST_MESSAGES[type].safeParse(frame);
  if (!r.success) throw new Error(`cannot send '${type}': ${r.error.issues[0]?.message ?? 'invalid body'}`);
  return r.data as TrustOf<T>;
}
