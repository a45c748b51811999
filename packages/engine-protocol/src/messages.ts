/**
 * One zod schema per message. Every frame is an envelope `{ v, id, type, ts }` plus the
 * fields of its type. Console → engine commands also carry `commandId` (executed at most
 * once) and `expiresAt` (ignored after that instant). See README.md for the conversation.
 */
import { z } from 'zod';
import { LIMITS } from './limits.ts';
import { hostResultSchema } from './results.ts';
import { maintenanceRuleSchema } from './maintenance.ts';
import { scanCredentialsSchema } from './credentials.ts';

/** Maintenance windows an engine publishes (protocol 1.1): no scans start in one, running ones pause. */
const maintenance = z.array(maintenanceRuleSchema).max(64).optional();

const id = z.string().min(1).max(LIMITS.idChars).regex(/^[A-Za-z0-9._:-]+$/, 'ids use letters, digits and . _ : -');
const text = z.string().max(LIMITS.textChars);
const name = z.string().max(LIMITS.nameChars);
const count = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const seq = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const instant = z.iso.datetime({ offset: true });

/** Fields every frame has. */
export const envelopeSchema = z.object({
  /** Protocol version the sender speaks (`MAJOR.MINOR`). */
  v: z.string().max(16),
  /** Unique per frame (for logs and tracing; not a command id). */
  id,
  type: z.string().max(64),
  /** Sender's clock when the frame was made. */
  ts: instant,
});

const envelope = envelopeSchema.omit({ type: true });
const command = envelope.extend({ commandId: id, expiresAt: instant });

// ── Session ────────────────────────────────────────────────────────────────────────────

/** Engine → console, first frame: who the engine is and which protocol it speaks. */
export const helloSchema = envelope.extend({
  type: z.literal('hello'),
  protocolVersion: z.string().max(16),
  engineName: name,
  engineVersion: name,
  contentVersion: name,
  /** Since 1.1: the engine's maintenance windows. */
  maintenance,
});

/** Console → engine, answer to hello: the negotiated version and the flow-control window, or `incompatible`. */
export const helloAckSchema = envelope.extend({
  type: z.literal('hello-ack'),
  result: z.enum(['ok', 'incompatible']),
  protocolVersion: z.string().max(16),
  /** Batches an engine may have sent but not had acknowledged, per scan. */
  window: z.number().int().min(1).max(LIMITS.window),
  message: text.optional(),
});

/** Engine → console, every few seconds: versions, work and clock (for skew detection). */
export const heartbeatSchema = envelope.extend({
  type: z.literal('heartbeat'),
  engineVersion: name,
  contentVersion: name,
  runningScans: z.array(z.object({
    scanId: id,
    state: z.enum(['running', 'paused']),
    hostsDone: count,
    hostsTotal: count,
  })).max(LIMITS.runningScans),
  queueDepth: count,
  clock: instant,
  /** Since 1.1: the engine's maintenance windows (changes take effect without a reconnect). */
  maintenance,
});

// ── Commands (console → engine) ────────────────────────────────────────────────────────

const testCheckSchema = z.object({
  checkId: z.string().min(1).max(LIMITS.nameChars).regex(/^[A-Za-z0-9._:-]+$/),
  port: z.number().int().min(1).max(65535),
  protocol: z.enum(['tcp', 'udp']).default('tcp'),
  severity: z.enum(['info', 'low', 'medium', 'high', 'critical']).default('medium'),
  title: text.optional(),
});

const performanceSchema = z.object({
  maxParallelHosts: z.number().int().min(1).max(4096),
  rate: z.number().int().min(0).max(10_000_000),
  initialTimeoutMs: z.number().int().min(1).max(600_000),
  minTimeoutMs: z.number().int().min(1).max(600_000),
  maxTimeoutMs: z.number().int().min(1).max(600_000),
  retries: z.number().int().min(0).max(10),
  serviceConcurrency: z.number().int().min(1).max(256),
  serviceTimeoutMs: z.number().int().min(1).max(600_000),
}).partial();

/** A whole scan template (custom templates live in the console, so it sends them in full). */
export const templateSchema = z.object({
  id: name,
  name,
  description: text,
  discovery: z.object({
    enabled: z.boolean(),
    tcpPorts: z.array(z.number().int().min(1).max(65535)).max(1024),
    treatRstAsAlive: z.boolean(),
  }),
  tcpPorts: text,
  udpPorts: text,
  serviceDetection: z.boolean(),
  checkCategories: z.array(z.enum(['safe', 'intrusive', 'auth-required'])).max(3),
  performance: performanceSchema.required(),
});

/** Console → engine: start (or, for a scan the engine already knows, resume) a scan. */
export const scanStartSchema = command.extend({
  type: z.literal('scan.start'),
  scanId: id,
  targets: z.array(name).min(1).max(LIMITS.targets),
  exclusions: z.array(name).max(LIMITS.targets).default([]),
  /** A built-in template id or a whole template. */
  template: z.union([name, templateSchema]),
  /** Port spec overriding the template's ports. */
  ports: text.optional(),
  noDiscovery: z.boolean().optional(),
  performance: performanceSchema.optional(),
  /** Until real checks exist (issue 5): report a finding for every open port matching this rule. */
  testCheck: testCheckSchema.optional(),
  /** The next seq the console expects from this engine for this scan (so seq never restarts after a lost spool). */
  nextSeq: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER).default(1),
  /** Since 1.2: SSH credentials for authenticated collection (engine memory only, never spooled). */
  credentials: scanCredentialsSchema.optional(),
});

/** Console → engine: pause a running scan (hosts in flight finish and are kept). */
export const scanPauseSchema = command.extend({ type: z.literal('scan.pause'), scanId: id });
/** Console → engine: resume a paused scan, skipping hosts already reported. */
export const scanResumeSchema = command.extend({ type: z.literal('scan.resume'), scanId: id });
/** Console → engine: stop a scan for good. */
export const scanStopSchema = command.extend({ type: z.literal('scan.stop'), scanId: id });

// ── Engine → console: scan life ────────────────────────────────────────────────────────

/** The engine took a scan.start and will run it. */
export const scanAcceptedSchema = envelope.extend({
  type: z.literal('scan.accepted'),
  scanId: id,
  commandId: id,
  hostsTotal: count,
  /** Hosts already reported before a resume (skipped this time). */
  hostsDone: count,
  resumed: z.boolean(),
});

/** The engine carried out pause/resume/stop (or changed state by itself). */
export const scanStateSchema = envelope.extend({
  type: z.literal('scan.state'),
  scanId: id,
  commandId: id.optional(),
  state: z.enum(['running', 'paused', 'stopped']),
  reason: text.optional(),
});

/** The engine refused a command (expired, unknown scan, wrong state, invalid). */
export const commandRejectedSchema = envelope.extend({
  type: z.literal('command.rejected'),
  commandId: id,
  scanId: id.optional(),
  code: z.enum(['expired', 'unknown-scan', 'invalid-state', 'invalid', 'busy']),
  message: text,
});

/** Progress of a scan: counters and the hosts finished since the last progress frame. */
export const scanProgressSchema = envelope.extend({
  type: z.literal('scan.progress'),
  scanId: id,
  hostsDone: count,
  hostsTotal: count,
  hostsUp: count,
  hosts: z.array(z.object({
    address: z.union([z.ipv4(), z.ipv6()]),
    status: z.enum(['up', 'down']),
    openPorts: count,
  })).max(LIMITS.progressHosts),
});

/** One line of the scan log. */
export const scanLogSchema = envelope.extend({
  type: z.literal('scan.log'),
  scanId: id,
  level: z.enum(['info', 'warn', 'error']),
  line: text,
});

/** Finished hosts, in order: `seq` is per (scan, engine), contiguous from 1. */
export const resultsBatchSchema = envelope.extend({
  type: z.literal('results.batch'),
  scanId: id,
  seq: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
  hosts: z.array(hostResultSchema).min(1).max(LIMITS.batchHosts),
}).refine((b) => b.hosts.reduce((n, h) => n + h.services.length, 0) <= LIMITS.batchServices, {
  message: `a batch carries at most ${LIMITS.batchServices} services; split it`,
  path: ['hosts'],
});

/** The scan ran to its end; `lastSeq` is the seq of its last batch (0 when it had none). */
export const scanFinishedSchema = envelope.extend({
  type: z.literal('scan.finished'),
  scanId: id,
  lastSeq: seq,
  hostsTotal: count,
  hostsDone: count,
  hostsUp: count,
  startedAt: instant,
  finishedAt: instant,
});

/** The scan could not run on; batches up to `lastSeq` are still valid. */
export const scanFailedSchema = envelope.extend({
  type: z.literal('scan.failed'),
  scanId: id,
  lastSeq: seq,
  code: name,
  message: text,
});

// ── Console → engine: flow ─────────────────────────────────────────────────────────────

/** Every batch of the scan with seq ≤ upTo is committed; the engine may forget them. */
export const resultsAckSchema = envelope.extend({ type: z.literal('results.ack'), scanId: id, upTo: seq });

/** Changes the window (batches in flight without ack) for one scan, or for all when scanId is absent. */
export const flowGrantSchema = envelope.extend({
  type: z.literal('flow.grant'),
  scanId: id.optional(),
  window: z.number().int().min(1).max(LIMITS.window),
});

/** The console saw a gap: send every unacknowledged batch of the scan from `fromSeq` again. */
export const resultsResendSchema = envelope.extend({
  type: z.literal('results.resend'),
  scanId: id,
  fromSeq: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
});

/** Schemas of messages an engine sends. */
export const ENGINE_MESSAGES = {
  hello: helloSchema,
  heartbeat: heartbeatSchema,
  'scan.accepted': scanAcceptedSchema,
  'scan.state': scanStateSchema,
  'command.rejected': commandRejectedSchema,
  'scan.progress': scanProgressSchema,
  'scan.log': scanLogSchema,
  'results.batch': resultsBatchSchema,
  'scan.finished': scanFinishedSchema,
  'scan.failed': scanFailedSchema,
} as const;

/** Schemas of messages a console sends. */
export const CONSOLE_MESSAGES = {
  'hello-ack': helloAckSchema,
  'scan.start': scanStartSchema,
  'scan.pause': scanPauseSchema,
  'scan.resume': scanResumeSchema,
  'scan.stop': scanStopSchema,
  'results.ack': resultsAckSchema,
  'flow.grant': flowGrantSchema,
  'results.resend': resultsResendSchema,
} as const;

/** Every message schema by type. */
export const MESSAGE_SCHEMAS = { ...ENGINE_MESSAGES, ...CONSOLE_MESSAGES } as const;

type Schemas = typeof MESSAGE_SCHEMAS;
/** A message type name. */
export type MessageType = keyof Schemas;
/** The validated message of one type. */
export type MessageOf<T extends MessageType> = z.output<Schemas[T]>;
/** What a sender passes for one type (defaults may be left out). */
export type MessageInput<T extends MessageType> = z.input<Schemas[T]>;
/** Any validated message. */
export type Message = { [T in MessageType]: MessageOf<T> }[MessageType];
/** A message an engine sends. */
export type EngineMessage = { [T in keyof typeof ENGINE_MESSAGES]: MessageOf<T> }[keyof typeof ENGINE_MESSAGES];
/** A message a console sends. */
export type ConsoleMessage = { [T in keyof typeof CONSOLE_MESSAGES]: MessageOf<T> }[keyof typeof CONSOLE_MESSAGES];
/** The command messages (carry commandId and expiresAt). */
export type CommandMessage = MessageOf<'scan.start' | 'scan.pause' | 'scan.resume' | 'scan.stop'>;
/** Type names of the commands. */
export const COMMAND_TYPES = ['scan.start', 'scan.pause', 'scan.resume', 'scan.stop'] as const;
