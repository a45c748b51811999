/**
 * The file-reading side of the fingerprint engine: lists a directory's `*.xml`, parses each,
 * and reads `_filename` examples (Recog keeps them in a directory named after the XML file,
 * e.g. `http_servers/…` beside `http_servers.xml`; paths may not leave that directory).
 */
import { readdir, readFile } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FarsightError } from '@farsight/common';
import { parseRecogXml } from './recog-xml.ts';
import type { RecogFileSpec } from './recog-xml.ts';

/** Directory of Farsight's built-in fingerprints (packages/content/fingerprints). */
export function builtinFingerprintDir(): string {
  return fileURLToPath(new URL('../../fingerprints/', import.meta.url));
}

/** Reads and parses every `*.xml` file of `dir`, in name order. */
export async function readRecogDirectory(dir: string | URL): Promise<RecogFileSpec[]> {
  const path = typeof dir === 'string' ? dir : fileURLToPath(dir);
  let names: string[];
  try {
    names = (await readdir(path)).filter((n) => n.toLowerCase().endsWith('.xml')).sort();
  } catch (e) {
    throw new FarsightError('FINGERPRINT_DIR_UNREADABLE', `cannot read fingerprint directory ${path}: ${(e as Error).message}`, { cause: e });
  }
  const specs: RecogFileSpec[] = [];
  for (const name of names) {
    let text: string;
    try {
      text = await readFile(join(path, name), 'utf8');
    } catch (e) {
      throw new FarsightError('FINGERPRINT_DIR_UNREADABLE', `cannot read fingerprint file ${join(path, name)}: ${(e as Error).message}`, { cause: e });
    }
    const spec = parseRecogXml(text, name);
    await resolveExampleFiles(spec, join(path, name.replace(/\.xml$/i, '')));
    specs.push(spec);
  }
  return specs;
}

async function resolveExampleFiles(spec: RecogFileSpec, exampleDir: string): Promise<void> {
  const root = resolve(exampleDir);
  for (const fp of spec.fingerprints) {
    for (const ex of fp.examples) {
      if (ex.filename === undefined) continue;
      const file = resolve(root, ex.filename);
      if (!file.startsWith(root + sep)) {
        throw new FarsightError('FINGERPRINT_XML_INVALID', `${spec.source}: fingerprint "${fp.description}" has an example path outside ${root}: ${ex.filename}`);
      }
      try {
        const bytes = await readFile(file);
        ex.text = ex.base64 ? Buffer.from(bytes.toString('latin1').replace(/\s+/g, ''), 'base64').toString('latin1') : bytes.toString('latin1');
      } catch (e) {
        throw new FarsightError('FINGERPRINT_XML_INVALID', `${spec.source}: fingerprint "${fp.description}" example file ${file} cannot be read`, { cause: e });
      }
    }
  }
}
