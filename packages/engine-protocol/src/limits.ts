/**
 * Size caps of every message. The console trusts nothing an engine says: these bound the
 * memory one frame can cost before a single field is looked at twice.
 */
export const LIMITS = {
  /** Largest serialised frame in bytes (transports check this before parsing). */
  frameBytes: 16 * 1024 * 1024,
  /** Identifiers: scan ids, command ids, message ids, engine ids. */
  idChars: 64,
  /** Free text such as messages, reasons and log lines. */
  textChars: 4096,
  /** Short names: service names, vendors, products, versions, check ids. */
  nameChars: 256,
  /** Target tokens and exclusions of one scan. */
  targets: 50_000,
  /** Hosts in one results.batch. */
  batchHosts: 256,
  /** Services of one host: every TCP and UDP port. */
  hostServices: 131_070,
  /** Services in one whole batch. */
  batchServices: 131_070,
  /** Findings of one host. */
  hostFindings: 10_000,
  /** Evidence items of one service. */
  evidence: 64,
  /** Hostnames of one host. */
  hostnames: 64,
  /** Per-host entries in one scan.progress. */
  progressHosts: 1024,
  /** Scans listed in a heartbeat. */
  runningScans: 1024,
  /** Headers and params maps. */
  mapEntries: 128,
  /** Credentials in one scan.start (protocol 1.2). */
  scanCredentials: 64,
  /** Largest flow-control window (batches in flight per scan). */
  window: 1024,
} as const;
