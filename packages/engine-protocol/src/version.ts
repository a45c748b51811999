/**
 * Protocol versioning. A version is `MAJOR.MINOR`: a new MINOR only adds optional fields or
 * message types a peer may ignore; a new MAJOR changes meaning, so peers must agree on it.
 */

/** The engine-protocol version this package implements (see CHANGES.md). */
export const PROTOCOL_VERSION = '1.2';

/** A parsed `MAJOR.MINOR` version. */
export interface ProtocolVersion {
  major: number;
  minor: number;
}

/** Parses `MAJOR.MINOR`; undefined when the text is not one. */
export function parseProtocolVersion(text: string): ProtocolVersion | undefined {
  const m = /^(0|[1-9]\d{0,5})\.(0|[1-9]\d{0,5})$/.exec(text);
  if (!m) return undefined;
  return { major: Number(m[1]), minor: Number(m[2]) };
}

/** The outcome of a hello: the version both sides speak, or why they cannot talk. */
export type Negotiation =
  | { ok: true; version: string }
  | { ok: false; code: 'incompatible'; message: string };

/**
 * Picks the version to speak with a peer that offered `offered`: the majors must be equal
 * (else `incompatible`); the minor is the lower of the two, so each side only sends what the
 * other understands.
 */
export function negotiateVersion(offered: string, ours: string = PROTOCOL_VERSION): Negotiation {
  const a = parseProtocolVersion(offered);
  const b = parseProtocolVersion(ours);
  if (!a || !b) return { ok: false, code: 'incompatible', message: `protocol version '${offered}' is not MAJOR.MINOR; this side speaks ${ours}` };
  if (a.major !== b.major) {
    return { ok: false, code: 'incompatible', message: `engine speaks protocol ${offered}, console speaks ${ours}: the major versions differ; upgrade the older side` };
  }
  return { ok: true, version: `${a.major}.${Math.min(a.minor, b.minor)}` };
}
