/**
 * The engines this console process is talking to right now (a link per connected engine).
 * The dispatcher sends through them; the supervisor of each engine adds and removes its link.
 */
import { EventEmitter } from 'node:events';
import type { ConsoleMessage, MaintenanceRule } from '@farsight/engine-protocol';

/** A live connection to one engine, after a successful hello. */
export interface EngineLink {
  engineId: number;
  /** Sends a frame; false when the link is gone. */
  send(message: ConsoleMessage): boolean;
  /** Maintenance windows the engine published (hello, heartbeat; protocol 1.1). */
  maintenance?: readonly MaintenanceRule[];
  /** The protocol version negotiated at hello (credentials in scan.start need 1.2). */
  protocolVersion?: string;
}

/** Connected engines, with 'connected' / 'disconnected' events (engine id). */
export class EngineLinks extends EventEmitter {
  readonly #links = new Map<number, EngineLink>();

  /** Registers a link after its hello was accepted. */
  add(link: EngineLink): void {
    this.#links.set(link.engineId, link);
    this.emit('connected', link.engineId);
  }

  /** Removes a link (only if it is still the registered one). */
  remove(link: EngineLink): void {
    if (this.#links.get(link.engineId) !== link) return;
    this.#links.delete(link.engineId);
    this.emit('disconnected', link.engineId);
  }

  /** The link of an engine, if connected. */
  get(engineId: number): EngineLink | undefined {
    return this.#links.get(engineId);
  }

  /** Ids of connected engines. */
  connected(): number[] {
    return [...this.#links.keys()];
  }
}
