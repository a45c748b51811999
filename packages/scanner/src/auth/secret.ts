/**
 * A secret (password, private key, passphrase) that cannot leak by accident: it prints,
 * serialises and inspects as `[secret]`; only `reveal()` hands out the value, and only the
 * SSH session code calls it.
 */
import { inspect } from 'node:util';

const REDACTED = '[secret]';

/** Wraps a secret string; see the module comment. */
export class Secret {
  readonly #value: string;
  constructor(value: string) {
    this.#value = value;
  }

  /** The secret value, for the one place that must send it. */
  reveal(): string {
    return this.#value;
  }

  /** The secret as a Buffer (private keys). */
  revealBuffer(): Buffer {
    return Buffer.from(this.#value, 'utf8');
  }

  toString(): string {
    return REDACTED;
  }

  toJSON(): string {
    return REDACTED;
  }

  [inspect.custom](): string {
    return REDACTED;
  }
}
