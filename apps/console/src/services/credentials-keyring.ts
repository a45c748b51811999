/**
 * The console's credential keyring, loaded once per data directory at start (so the key file is
 * created on first start, not on the first credential) and shared by every route that seals.
 */
import { loadMasterKey, type Keyring } from './credentials-crypto.ts';

const rings = new Map<string, Keyring>();

/** The keyring for a data directory (`FARSIGHT_MASTER_KEY` wins over `<dataDir>/master.key`). */
export function consoleKeyring(dataDir: string, env: NodeJS.ProcessEnv = process.env): Keyring {
  const envKey = env.FARSIGHT_MASTER_KEY ?? '';
  const memo = `${dataDir}\0${envKey}`;
  let ring = rings.get(memo);
  if (!ring) {
    ring = loadMasterKey({ env, dataDir });
    rings.set(memo, ring);
  }
  return ring;
}
