/**
 * The one door every frame goes through: `parseMessage` validates an unknown value against
 * the envelope and its type's schema and returns a typed message or a coded error. It never
 * throws, so a hostile engine cannot crash the console with a frame.
 */
import type { z } from 'zod';
import { LIMITS } from './limits.ts';
import { CONSOLE_MESSAGES, ENGINE_MESSAGES, MESSAGE_SCHEMAS, envelopeSchema, type Message, type MessageType } from './messages.ts';
import { PROTOCOL_VERSION, parseProtocolVersion } from './version.ts';

/** Why a frame was refused. */
export type ProtocolErrorCode = 'too-large' | 'malformed' | 'unknown-type' | 'unexpected' | 'incompatible' | 'invalid';

/** A refused frame: a stable code, a message naming the bad field, and the frame id/type when they could be read. */
export interface ProtocolError {
  code: ProtocolErrorCode;
  message: string;
  id?: string;
  type?: string;
}

/** The outcome of parsing one frame. */
export type ParseResult = { ok: true; message: Message } | { ok: false; error: ProtocolError };

/** Options of parseMessage. */
export interface ParseOptions {
  /** Who sent the frame: a console refuses console messages from an engine and vice versa. */
  from?: 'engine' | 'console';
  /** The version this side speaks (default PROTOCOL_VERSION): frames of another major are refused. */
  version?: string;
}

function fail(code: ProtocolErrorCode, message: string, id?: string, type?: string): ParseResult {
  return { ok: false, error: { code, message, ...(id !== undefined ? { id } : {}), ...(type !== undefined ? { type } : {}) } };
}

function describe(error: z.ZodError): string {
  const first = error.issues.slice(0, 3).map((i) => `${i.path.length > 0 ? i.path.join('.') : '(frame)'}: ${i.message}`);
  const more = error.issues.length > 3 ? ` (+${error.issues.length - 3} more)` : '';
  return first.join('; ') + more;
}

/** Validates one decoded frame. */
export function parseMessage(input: unknown, options: ParseOptions = {}): ParseResult {
  const env = envelopeSchema.safeParse(input);
  if (!env.success) return fail('malformed', `not an engine-protocol frame: ${describe(env.error)}`);
  const { id, type, v } = env.data;
  const theirs = parseProtocolVersion(v);
  const ours = parseProtocolVersion(options.version ?? PROTOCOL_VERSION);
  if (!theirs || !ours || theirs.major !== ours.major) {
    return fail('incompatible', `frame speaks protocol '${v}', this side speaks ${options.version ?? PROTOCOL_VERSION}`, id, type);
  }
  if (!Object.hasOwn(MESSAGE_SCHEMAS, type)) return fail('unknown-type', `unknown message type '${type}'`, id, type);
  const allowed = options.from === 'engine' ? ENGINE_MESSAGES : options.from === 'console' ? CONSOLE_MESSAGES : MESSAGE_SCHEMAS;
  if (!Object.hasOwn(allowed, type)) return fail('unexpected', `a ${options.from ?? ''} does not send '${type}'`, id, type);
  const schema = MESSAGE_SCHEMAS[type as MessageType];
  const parsed = schema.safeParse(input);
  if (!parsed.success) return fail('invalid', `invalid '${type}' frame: ${describe(parsed.error)}`, id, type);
  return { ok: true, message: parsed.data as Message };
}

/** Decodes and validates one serialised frame (JSON text), refusing frames over LIMITS.frameBytes first. */
export function parseFrame(frame: string | Uint8Array, options: ParseOptions = {}): ParseResult {
  const bytes = typeof frame === 'string' ? Buffer.byteLength(frame, 'utf8') : frame.byteLength;
  if (bytes > LIMITS.frameBytes) return fail('too-large', `frame of ${bytes} bytes exceeds ${LIMITS.frameBytes}`);
  let value: unknown;
  try {
    value = JSON.parse(typeof frame === 'string' ? frame : Buffer.from(frame).toString('utf8'));
  } catch (e) {
    return fail('malformed', `frame is not JSON: ${(e as Error).message}`);
  }
  return parseMessage(value, options);
}
