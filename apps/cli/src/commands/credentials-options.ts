/**
 * Turns `--credentials FILE`, FARSIGHT_SSH_* variables, `--known-hosts FILE` and
 * `--advisories PATH` into the scanner's AuthScanConfig. Secrets never come from flags.
 */
import { FarsightError } from '@farsight/common';
import type { AuthScanConfig, SshCredential } from '@farsight/scanner/auth/index';
import type { OsvAdvisory } from '@farsight/content/osv/index';

/** The flags that enable authenticated scanning. */
export interface CredentialFlags {
  credentials?: string;
  knownHosts?: string;
  advisories?: string[];
  builtinAdvisories?: boolean;
}

/** Help text shared by `scan` and `credentials test`. */
export const CREDENTIALS_HELP = `
Credentials (authenticated scanning, docs/authenticated-scanning.md) come from a JSON file or the
environment, never from the command line:
  --credentials FILE   {"ssh": [{"name": "lab", "targets": ["127.7.0.0/16"], "user": "scanner",
                        "privateKeyFile": "~/.ssh/id_ed25519", "passphrase": "…", "port": 22,
                        "elevation": {"method": "sudo", "password": "…"}}]}  (chmod 600 it)
  FARSIGHT_SSH_USER, FARSIGHT_SSH_TARGETS (required together), FARSIGHT_SSH_PASSWORD,
  FARSIGHT_SSH_KEY_FILE, FARSIGHT_SSH_KEY_PASSPHRASE, FARSIGHT_SSH_PORT,
  FARSIGHT_SSH_ELEVATION (sudo|su), FARSIGHT_SSH_ELEVATION_PASSWORD
A credential is only ever presented to addresses in its "targets" (a host name there means the
address this scan resolved that target name to). Host keys are pinned on first
use in ~/.farsight/known_hosts (or --known-hosts FILE); a changed key aborts that host before any
password is sent. Outcomes: success, badcredential, unavailable, timedout, error, elevation-failed.`;

/** Loads every credential (file, then environment); empty when none is configured. */
export async function loadCliCredentials(flags: CredentialFlags, warn: (m: string) => void): Promise<SshCredential[]> {
  // Nothing configured: skip loading the SSH stack (ssh2, schemas), ~40 ms of every scan's start-up.
  if (flags.credentials === undefined && !Object.keys(process.env).some((k) => k.startsWith('FARSIGHT_SSH_'))) return [];
  const { credentialsFromEnv, loadCredentialsFile } = await import('@farsight/scanner/auth/index');
  const warnings: string[] = [];
  const out: SshCredential[] = [];
  if (flags.credentials !== undefined) out.push(...await loadCredentialsFile(flags.credentials, warnings));
  out.push(...await credentialsFromEnv(process.env));
  for (const w of warnings) warn(w);
  return out;
}

/**
 * The AuthScanConfig of a scan, or undefined when no credential is configured. `baseAdvisories`
 * loads the active content's advisories (installed package or built-in samples, plus OSV
 * imports); without it the built-in samples are used.
 */
export async function authConfigFromFlags(flags: CredentialFlags, warn: (m: string) => void, baseAdvisories?: () => Promise<OsvAdvisory[]>): Promise<AuthScanConfig | undefined> {
  const credentials = await loadCliCredentials(flags, warn);
  if (credentials.length === 0) {
    if (flags.knownHosts !== undefined || (flags.advisories ?? []).length > 0) {
      throw new FarsightError('INVALID_ARGUMENT', '--known-hosts and --advisories need credentials: give --credentials FILE or set FARSIGHT_SSH_USER and FARSIGHT_SSH_TARGETS');
    }
    return undefined;
  }
  const { KnownHosts } = await import('@farsight/scanner/auth/index');
  const { builtinAdvisories, readOsvPath } = await import('@farsight/content/osv/index');
  const advisories = flags.builtinAdvisories === false ? [] : [...await (baseAdvisories ?? builtinAdvisories)()];
  for (const path of flags.advisories ?? []) advisories.push(...await readOsvPath(path));
  const knownHosts = await KnownHosts.open(flags.knownHosts);
  return { credentials, knownHosts, advisories };
}
