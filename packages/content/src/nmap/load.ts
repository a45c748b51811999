/** Reads an nmap-service-probes file from disk (the only I/O of the nmap loader). */
import { readFile } from 'node:fs/promises';
import { FarsightError } from '@farsight/common';
import { NmapProbeDb } from './probe-db.ts';

/** Where Debian's nmap-common installs the probes file. */
export const DEFAULT_NMAP_PROBES_PATH = '/usr/share/nmap/nmap-service-probes';

/**
 * Loads nmap's service probes from `path` (read as Latin-1 so every regex and payload byte is
 * one char). Throws FINGERPRINT_DIR_UNREADABLE when the file cannot be read and
 * NMAP_PROBES_INVALID when a line is malformed.
 */
export async function loadNmapProbes(path: string = DEFAULT_NMAP_PROBES_PATH): Promise<NmapProbeDb> {
  let text: string;
  try {
    text = await readFile(path, 'latin1');
  } catch (e) {
    throw new FarsightError('FINGERPRINT_DIR_UNREADABLE', `cannot read nmap service probes ${path}: ${(e as Error).message}; install nmap-common or pass another path`, { cause: e });
  }
  return NmapProbeDb.fromText(text, path);
}
