/**
 * Cloud-image mode (`farsight engine --cloud` or FARSIGHT_ENGINE_MODE=cloud): an engine baked
 * into a cloud image is configured only by its environment (user data) and never prompts —
 * FARSIGHT_ENGINE_DATA_DIR, FARSIGHT_ENGINE_NAME, FARSIGHT_ENGINE_LISTEN_HOST/PORT (optional;
 * by default it only dials its console), FARSIGHT_CONSOLE_HOST/PORT/SECRET/
 * CA_FINGERPRINT (or NEXPOSE_CONSOLE_*), and FARSIGHT_ENGINE_ALLOWED_CIDRS, the networks it
 * may scan (its VPC CIDRs). A scan with a target outside them is refused at scan.start with a
 * reason the console shows; hostnames resolving outside are skipped by the scanner's scope.
 */
import { FarsightError } from '@farsight/common';
import { parseAllowedNetworks } from '@farsight/engine-core';

/** Cloud settings read from the environment. */
export interface CloudConfig {
  allowedNetworks: string[];
  dataDir?: string;
  name?: string;
  /** Where consoles may dial in (FARSIGHT_ENGINE_LISTEN_HOST/PORT); none by default — a cloud engine dials its console. */
  listen?: { host: string; port: number };
}

/** True when cloud mode is asked for (flag or FARSIGHT_ENGINE_MODE=cloud). */
export function cloudModeRequested(flag: boolean | undefined, env: NodeJS.ProcessEnv = process.env): boolean {
  const mode = env.FARSIGHT_ENGINE_MODE;
  if (mode !== undefined && mode !== '' && mode !== 'cloud' && mode !== 'standard') {
    throw new FarsightError('ENGINE_CONFIG_INVALID', `FARSIGHT_ENGINE_MODE='${mode.slice(0, 40)}' is not 'cloud' or 'standard'`);
  }
  return flag === true || mode === 'cloud';
}

/**
 * Reads cloud settings; ENGINE_CONFIG_INVALID when a setting is missing or when command-line
 * settings were given (`flagsGiven`: names of flags other than --cloud): a cloud engine takes
 * its configuration only from the environment, so an image behaves the same however started.
 */
export function cloudConfigFromEnv(env: NodeJS.ProcessEnv, flagsGiven: readonly string[] = []): CloudConfig {
  if (flagsGiven.length > 0) {
    throw new FarsightError('ENGINE_CONFIG_INVALID', `cloud mode is configured only by the environment; drop ${flagsGiven.join(', ')} and set FARSIGHT_ENGINE_* / FARSIGHT_CONSOLE_* instead`);
  }
  const cidrs = (env.FARSIGHT_ENGINE_ALLOWED_CIDRS ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  if (cidrs.length === 0) throw new FarsightError('ENGINE_CONFIG_INVALID', 'cloud mode needs FARSIGHT_ENGINE_ALLOWED_CIDRS: the comma-separated CIDRs of the network this engine may scan');
  try { parseAllowedNetworks(cidrs); } catch (e) { throw new FarsightError('ENGINE_CONFIG_INVALID', `FARSIGHT_ENGINE_ALLOWED_CIDRS: ${(e as Error).message}`); }
  const port = env.FARSIGHT_ENGINE_LISTEN_PORT;
  if (port !== undefined && port !== '' && !(/^\d{1,5}$/.test(port) && Number(port) <= 65535)) throw new FarsightError('ENGINE_CONFIG_INVALID', `FARSIGHT_ENGINE_LISTEN_PORT='${port.slice(0, 20)}' must be a port 0-65535`);
  return {
    allowedNetworks: cidrs,
    ...(port ? { listen: { host: env.FARSIGHT_ENGINE_LISTEN_HOST ?? '127.0.0.1', port: Number(port) } } : {}),
    ...(env.FARSIGHT_ENGINE_DATA_DIR ? { dataDir: env.FARSIGHT_ENGINE_DATA_DIR } : {}),
    ...(env.FARSIGHT_ENGINE_NAME ? { name: env.FARSIGHT_ENGINE_NAME } : {}),
  };
}
