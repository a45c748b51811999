/**
 * @farsight/engine-protocol — the messages a console and a scan engine exchange, whatever
 * the transport (Node IPC for the built-in Local engine, mutual TLS for distributed ones).
 * Pure: schemas, versions and limits, no I/O. See README.md and CHANGES.md.
 */
export { PROTOCOL_VERSION, parseProtocolVersion, negotiateVersion, type Negotiation, type ProtocolVersion } from './version.ts';
export { LIMITS } from './limits.ts';
export * from './results.ts';
export * from './credentials.ts';
export * from './messages.ts';
export { parseMessage, parseFrame, type ParseResult, type ParseOptions, type ProtocolError, type ProtocolErrorCode } from './parse.ts';
export { createMessage, expiresIn } from './build.ts';
export * from './trust.ts';
export * from './maintenance.ts';
export { Backoff, DEFAULT_BACKOFF, backoffDelay, type BackoffPolicy } from './backoff.ts';
