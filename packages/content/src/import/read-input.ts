/**
 * Reads one file given to `farsight content import`: plain JSON, gzip (`.json.gz`, as NVD
 * publishes its feeds) or a zip archive (NVD `.json.zip`, OSV `all.zip` dumps) read with the
 * bounded zip reader and IMPORT_ZIP_CAPS. Yields one document per JSON text, named
 * `file` or `file!entry` in errors. Every size is capped before it is held in memory.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { FarsightError } from '@farsight/common';
import { IMPORT_ZIP_CAPS, formatBytes } from '../archive/caps.ts';
import { readZipFiles } from '../archive/zip-reader.ts';

/** Largest import file, and largest JSON text after decompression (V8 strings stop near 512 MiB). */
export const MAX_IMPORT_BYTES = 512 * 1024 * 1024;

/** One JSON text found in an input file. */
export interface InputDocument {
  /** `path` or `path!entry` for a zip entry. */
  name: string;
  text: string;
}

function invalid(message: string, cause?: unknown): FarsightError {
  return new FarsightError('CONTENT_IMPORT_INVALID', message, cause === undefined ? undefined : { cause });
}

function decodeUtf8(bytes: Uint8Array, name: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (e) {
    throw invalid(`${name} is not UTF-8 text; give an NVD CVE JSON 2.0 or OSV JSON file (optionally .gz or .zip)`, e);
  }
}

/** Reads the whole file, reporting bytes read; refuses files over the cap. */
export async function readFileBounded(path: string, onBytes?: (done: number, total: number) => void): Promise<Buffer> {
  let size: number;
  try {
    const st = await stat(path);
    if (!st.isFile()) throw new Error('it is not a regular file');
    size = st.size;
  } catch (e) {
    throw invalid(`cannot read ${path}: ${(e as Error).message}; check the path`, e);
  }
  if (size > MAX_IMPORT_BYTES) throw invalid(`${path} is ${formatBytes(size)}, over the ${formatBytes(MAX_IMPORT_BYTES)} import cap; split it (NVD publishes one feed file per year)`);
  const chunks: Buffer[] = [];
  let done = 0;
  try {
    for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
      const b = chunk as Buffer;
      done += b.length;
      if (done > MAX_IMPORT_BYTES) throw new Error('the file grew past the import cap while being read');
      chunks.push(b);
      onBytes?.(done, size);
    }
  } catch (e) {
    throw invalid(`cannot read ${path}: ${(e as Error).message}`, e);
  }
  return Buffer.concat(chunks);
}

/** Splits a file's bytes into JSON documents (gzip and zip unpacked within caps). */
export function* documentsOf(path: string, bytes: Buffer): Generator<InputDocument> {
  if (bytes.length >= 4 && bytes.readUInt32LE(0) === 0x04034b50 || bytes.length >= 4 && bytes.readUInt32LE(0) === 0x06054b50) {
    for (const f of readZipFiles(bytes, IMPORT_ZIP_CAPS, path)) {
      if (f.name.toLowerCase().endsWith('.json')) yield { name: `${path}!${f.name}`, text: decodeUtf8(f.data, `${path}!${f.name}`) };
    }
    return;
  }
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    let out: Buffer;
    try {
      out = gunzipSync(bytes, { maxOutputLength: MAX_IMPORT_BYTES });
    } catch (e) {
      const code = (e as { code?: string }).code;
      throw invalid(code === 'ERR_BUFFER_TOO_LARGE' ? `${path} inflates past the ${formatBytes(MAX_IMPORT_BYTES)} import cap` : `${path} is not valid gzip (${(e as Error).message}); download it again`, e);
    }
    yield { name: path, text: decodeUtf8(out, path) };
    return;
  }
  yield { name: path, text: decodeUtf8(bytes, path) };
}
