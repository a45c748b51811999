/** Making frames: the envelope fields are filled in, the body is validated like a received frame. */
import { FarsightError } from '@farsight/common';
import { MESSAGE_SCHEMAS, type MessageInput, type MessageOf, type MessageType } from './messages.ts';
import { PROTOCOL_VERSION } from './version.ts';

type Body<T extends MessageType> = Omit<MessageInput<T>, 'v' | 'id' | 'type' | 'ts'>;

/**
 * Builds a frame of `type` from its body, with a fresh id and the current time. Throws
 * ENGINE_MESSAGE_INVALID when the body does not satisfy the schema: a side never sends
 * what it would refuse to receive.
 */
export function createMessage<T extends MessageType>(type: T, body: Body<T>, options: { version?: string; now?: Date } = {}): MessageOf<T> {
  const frame = { ...body, v: options.version ?? PROTOCOL_VERSION, id: globalThis.crypto.randomUUID(), type, ts: (options.now ?? new Date()).toISOString() };
  const parsed = MESSAGE_SCHEMAS[type].safeParse(frame);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new FarsightError('ENGINE_MESSAGE_INVALID', `cannot send '${type}': ${issue ? `${issue.path.join('.')}: ${issue.message}` : 'invalid body'}`);
  }
  return parsed.data as MessageOf<T>;
}

/** A command's expiry `ttlMs` from now, as the ISO text commands carry. */
export function expiresIn(ttlMs: number, now: Date = new Date()): string {
  return new Date(now.getTime() + ttlMs).toISOString();
}
