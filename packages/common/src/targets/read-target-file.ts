/**
 * The only I/O of target parsing: reading target files (`@FILE` / `--target-file`).
 * Everything else in targets/ is pure.
 */
import { readFile } from 'node:fs/promises';
import { FarsightError } from '../errors.ts';
import { parseTargetFileText } from './target-file-text.ts';

/** Largest target file read (bytes); bigger lists belong in CIDRs or ranges. */
export const MAX_TARGET_FILE_BYTES = 64 * 1024 * 1024;

/** Reads a target file and returns its tokens. Throws TARGET_FILE_UNREADABLE or TARGET_INVALID (nested @file). */
export async function readTargetFile(path: string): Promise<string[]> {
  let text: string;
  try {
    const buf = await readFile(path);
    if (buf.length > MAX_TARGET_FILE_BYTES) {
      throw new FarsightError('TARGET_FILE_UNREADABLE', `target file '${path}' is ${buf.length} bytes, more than ${MAX_TARGET_FILE_BYTES}; use CIDRs or ranges instead of listing every address`);
    }
    text = buf.toString('utf8');
  } catch (e) {
    if (e instanceof FarsightError) throw e;
    const why = e instanceof Error ? e.message : String(e);
    throw new FarsightError('TARGET_FILE_UNREADABLE', `target file '${path}' cannot be read (${why}); check the path and permissions`, { cause: e });
  }
  const tokens = parseTargetFileText(text);
  const nested = tokens.find((t) => t.startsWith('@'));
  if (nested !== undefined) {
    throw new FarsightError('TARGET_INVALID', `target file '${path}' contains '${nested}'; target files cannot include other files, list the targets directly`);
  }
  return tokens;
}

/** Replaces every `@path` token by the tokens of that file, keeping order. */
export async function expandTargetFiles(tokens: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (const token of tokens) {
    const t = token.trim();
    if (t.startsWith('@')) {
      if (t.length === 1) throw new FarsightError('TARGET_INVALID', `target '@' names no file; write @path/to/targets.txt`);
      out.push(...(await readTargetFile(t.slice(1))));
    } else {
      out.push(token);
    }
  }
  return out;
}
