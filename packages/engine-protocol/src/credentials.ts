/**
 * Credentials in `scan.start` and authentication outcomes in host results (protocol 1.2).
 * The console resolves the credentials that apply to a site's scan, decrypts them only at
 * dispatch and sends them over the protected link (mTLS or IPC); the engine keeps them in
 * memory only (never in its spool) and presents each one only to hosts of the scan that are
 * inside its `hostRestriction`. Outcomes come back summarised on each host result.
 */
import { z } from 'zod';
import { LIMITS } from './limits.ts';

const name = z.string().max(LIMITS.nameChars);
const secret = z.string().min(1).max(4096);

/** One SSH credential for a scan (v3 `ssh` or `ssh-key` account, flattened). */
export const scanCredentialSchema = z.strictObject({
  /** Console id of the credential (for outcomes and coverage; never a secret). */
  id: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
  /** Name shown in outcomes, e.g. `site credential 4 (lab)`. */
  name,
  service: z.enum(['ssh', 'ssh-key']),
  user: z.string().min(1).max(256).regex(/^[^\s:@/]+$/, 'a user name has no spaces, ":", "@" or "/"'),
  port: z.number().int().min(1).max(65535).default(22),
  /**
   * v3 `hostRestriction` (an address, range or CIDR): the credential is presented only to
   * hosts of this scan inside it. Absent: every host of the scan (its targets minus exclusions).
   */
  hostRestriction: name.optional(),
  password: secret.optional(),
  privateKey: z.string().min(1).max(64 * 1024).optional(),
  passphrase: secret.optional(),
  elevation: z.strictObject({ method: z.enum(['sudo', 'su']), password: secret.optional() }).optional(),
}).refine((c) => (c.service === 'ssh' ? c.password !== undefined : c.privateKey !== undefined), {
  message: 'an ssh credential needs password, an ssh-key credential needs privateKey',
});

/** A credential as validated. */
export type ScanCredential = z.infer<typeof scanCredentialSchema>;
/** A credential as the console writes it. */
export type ScanCredentialInput = z.input<typeof scanCredentialSchema>;

/** `scan.start.credentials`: at most LIMITS.scanCredentials of them. */
export const scanCredentialsSchema = z.array(scanCredentialSchema).max(LIMITS.scanCredentials);

/** How logging in to a host ended (the scanner's AuthOutcome). */
export const authOutcomeSchema = z.enum(['success', 'badcredential', 'unavailable', 'timedout', 'error', 'elevation-failed']);

/** A host's authentication outcome, summarised (no inventory: its packages are counted, its OS named). */
export const hostAuthSchema = z.object({
  outcome: authOutcomeSchema,
  /** Console credential id the outcome belongs to, when the credential came from a console. */
  credentialId: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional(),
  credential: name.optional(),
  user: name.optional(),
  port: z.number().int().min(0).max(65535),
  method: z.enum(['password', 'publickey']).optional(),
  elevation: z.enum(['sudo', 'su']).optional(),
  detail: z.string().max(LIMITS.textChars),
  hostKey: name.optional(),
  durationMs: z.number().int().min(0).max(1e9),
  /** Installed packages collected. */
  packages: z.number().int().min(0).max(1e7).optional(),
  /** From the inventory: os-release ID, VERSION_ID, PRETTY_NAME; OSV ecosystem; running kernel. */
  os: z.object({ id: name, versionId: name.optional(), prettyName: name.optional() }).optional(),
  ecosystem: name.optional(),
  kernel: name.optional(),
});

/** A host's authentication outcome as validated. */
export type HostAuthMessage = z.infer<typeof hostAuthSchema>;
