/**
 * A small zip writer (stored or deflated entries, no ZIP64). Builds content packages and the
 * hostile archives the reader's tests feed it: every header field can be overridden so a test
 * can declare a lying size, an encrypted flag, a symlink mode or a `../` name.
 */
import { crc32, deflateRawSync } from 'node:zlib';

/** One entry to write; the optional fields override what the writer would compute. */
export interface ZipWriteEntry {
  name: string;
  data: Uint8Array;
  /** 0 = stored, 8 = deflate (default). */
  method?: number;
  flags?: number;
  /** Unix mode in the high 16 bits of the external attributes (default regular file 0644). */
  unixMode?: number;
  /** Uncompressed size to declare instead of the real one. */
  declaredSize?: number;
  /** Raw name bytes to write instead of the UTF-8 of `name`. */
  rawName?: Uint8Array;
}

/** Builds a zip archive in memory. */
export function buildZip(entries: ZipWriteEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const method = e.method ?? 8;
    const payload = method === 8 ? deflateRawSync(e.data) : Buffer.from(e.data);
    const name = e.rawName ? Buffer.from(e.rawName) : Buffer.from(e.name, 'utf8');
    const size = e.declaredSize ?? e.data.length;
    const crc = crc32(e.data);
    const flags = (e.flags ?? 0) | 0x0800; // bit 11: names are UTF-8
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(payload.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE((3 << 8) | 20, 4); // made by Unix, spec 2.0
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(flags, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(payload.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    const mode = e.unixMode ?? (e.name.endsWith('/') ? 0o040755 : 0o100644);
    central.writeUInt32LE((mode << 16) >>> 0, 38);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, payload);
    centrals.push(central, name);
    offset += local.length + name.length + payload.length;
  }
  const cd = Buffer.concat(centrals);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(entries.length, 8);
  eocd.writeUInt16LE(entries.length, 10);
  eocd.writeUInt32LE(cd.length, 12);
  eocd.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, eocd]);
}
