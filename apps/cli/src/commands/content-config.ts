/**
 * The `content` section of Farsight's config file (`--config FILE`, else `FARSIGHT_CONFIG`, else
 * `~/.farsight/config.json`; a missing default file is fine):
 *
 *   { "content": { "url": "https://updates.example.org/farsight/content.zip",
 *                  "publicKey": "content-signing.pub.pem" } }
 *
 * `publicKey` is a path, relative to the config file's directory.
 */
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { FarsightError } from '@farsight/common';

/** Validates the `content` section; returns the problem, or undefined. */
export function contentSectionProblem(json: unknown): string | undefined {
  if (!json || typeof json !== 'object' || Array.isArray(json)) return 'the file must hold a JSON object';
  const content = (json as Record<string, unknown>).content;
  if (content === undefined) return undefined;
  if (!content || typeof content !== 'object' || Array.isArray(content)) return 'field content must be an object';
  for (const [k, v] of Object.entries(content)) {
    if (k !== 'url' && k !== 'publicKey') return `field content.${k} is unknown (known: url, publicKey)`;
    if (typeof v !== 'string' || v.length === 0 || v.length > 4096) return `field content.${k} must be a non-empty string`;
  }
  return undefined;
}

/** What `content update` reads from the config file. */
export interface ContentConfig {
  url?: string;
  /** Absolute path of the public key file. */
  publicKeyPath?: string;
  /** The config file read, if any. */
  file?: string;
}

/** Reads the content section of the config file. */
export async function readContentConfig(flag?: string, env: NodeJS.ProcessEnv = process.env): Promise<ContentConfig> {
  const explicit = flag ?? (env.FARSIGHT_CONFIG || undefined);
  const file = resolve(explicit ?? join(homedir(), '.farsight', 'config.json'));
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    if (!explicit && (e as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new FarsightError('INVALID_ARGUMENT', `cannot read config file ${file}: ${(e as Error).message}`, { cause: e });
  }
  let json: unknown;
  try { json = JSON.parse(text); } catch (e) {
    throw new FarsightError('INVALID_ARGUMENT', `config file ${file} is not JSON: ${(e as Error).message}`, { cause: e });
  }
  const problem = contentSectionProblem(json);
  if (problem) throw new FarsightError('INVALID_ARGUMENT', `config file ${file}: ${problem} (expected {"content": {"url": "...", "publicKey": "file.pem"}})`);
  const c = ((json as { content?: { url?: string; publicKey?: string } }).content) ?? {};
  return {
    file,
    ...(c.url ? { url: c.url } : {}),
    ...(c.publicKey ? { publicKeyPath: resolve(dirname(file), c.publicKey) } : {}),
  };
}
