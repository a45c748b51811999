/**
 * A bounded zip reader over the central directory (PKWARE APPNOTE 6.3.10, §4.3). It trusts
 * nothing: every entry is checked against the caps and the name rules before anything is
 * inflated; local headers must agree with the central directory; entries may not overlap (the
 * overlapping-file zip bomb of Fifield, 2019); inflating stops at the declared size and the
 * CRC-32 must match. Only stored (0) and deflated (8) entries are read; ZIP64, encryption,
 * multi-disk archives and symlinks or other special files are refused.
 */
import { crc32, inflateRawSync } from 'node:zlib';
import { FarsightError } from '@farsight/common';
import { formatBytes, type ArchiveCaps } from './caps.ts';
import { duplicateKey, entryNameProblem } from './entry-name.ts';

/** One file (or directory) of a validated archive. */
export interface ZipEntry {
  name: string;
  isDirectory: boolean;
  /** 0 = stored, 8 = deflate. */
  method: number;
  compressedSize: number;
  size: number;
  crc32: number;
  /** Offset of the entry's local header in the archive. */
  localOffset: number;
  /** Offset of the compressed data in the archive. */
  dataOffset: number;
}

const EOCD_SIG = 0x06054b50;
const CDH_SIG = 0x02014b50;
const LFH_SIG = 0x04034b50;
const ZIP64_LOCATOR_SIG = 0x07064b50;
const S_IFMT = 0o170000;
const S_IFREG = 0o100000;
const S_IFDIR = 0o040000;
const S_IFLNK = 0o120000;

function reject(label: string, what: string): never {
  throw new FarsightError('ARCHIVE_REJECTED', `${label}: ${what}; the archive was rejected and nothing from it was used`);
}

function findEocd(buf: Buffer, label: string): number {
  const min = Math.max(0, buf.length - 22 - 0xffff);
  for (let i = buf.length - 22; i >= min; i--) {
    if (buf.readUInt32LE(i) === EOCD_SIG && i + 22 + buf.readUInt16LE(i + 20) === buf.length) return i;
  }
  return reject(label, 'no end-of-central-directory record (truncated, or not a zip file) — download it again');
}

/** Lists and validates every entry of a zip held in memory; throws ARCHIVE_REJECTED on any problem. */
export function listZip(buf: Buffer, caps: ArchiveCaps, label: string): ZipEntry[] {
  if (buf.length > caps.maxArchiveBytes) reject(label, `the archive is ${formatBytes(buf.length)}, over the ${formatBytes(caps.maxArchiveBytes)} cap`);
  if (buf.length < 22) reject(label, `only ${buf.length} bytes (truncated, or not a zip file)`);
  const eocd = findEocd(buf, label);
  const count = buf.readUInt16LE(eocd + 10);
  const cdSize = buf.readUInt32LE(eocd + 12);
  const cdOffset = buf.readUInt32LE(eocd + 16);
  if (buf.readUInt16LE(eocd + 4) !== 0 || buf.readUInt16LE(eocd + 6) !== 0 || buf.readUInt16LE(eocd + 8) !== count) reject(label, 'a multi-disk (split) archive is not supported');
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff || (eocd >= 20 && buf.readUInt32LE(eocd - 20) === ZIP64_LOCATOR_SIG)) reject(label, 'ZIP64 archives are not supported (split it into smaller zips)');
  if (count > caps.maxEntries) reject(label, `${count} entries, over the cap of ${caps.maxEntries}`);
  if (cdOffset + cdSize > eocd) reject(label, 'the central directory lies outside the file (truncated or damaged)');
  const entries: ZipEntry[] = [];
  const seen = new Set<string>();
  let total = 0;
  let p = cdOffset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > cdOffset + cdSize || buf.readUInt32LE(p) !== CDH_SIG) reject(label, `central directory record ${i + 1} is damaged (truncated file?)`);
    const entry = readCentralRecord(buf, p, label, caps);
    const key = duplicateKey(entry.name);
    if (seen.has(key)) reject(label, `entry "${entry.name}" appears twice (duplicate names, compared case-insensitively)`);
    seen.add(key);
    total += entry.size;
    if (total > caps.maxTotalBytes) reject(label, `the entries add up to more than the ${formatBytes(caps.maxTotalBytes)} uncompressed cap`);
    entries.push(entry);
    p += 46 + buf.readUInt16LE(p + 28) + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
  }
  checkNoOverlap(entries, cdOffset, label);
  return entries;
}

function readCentralRecord(buf: Buffer, p: number, label: string, caps: ArchiveCaps): ZipEntry {
  const madeByOs = buf.readUInt8(p + 5);
  const flags = buf.readUInt16LE(p + 8);
  const method = buf.readUInt16LE(p + 10);
  const crc = buf.readUInt32LE(p + 16);
  const compressedSize = buf.readUInt32LE(p + 20);
  const size = buf.readUInt32LE(p + 24);
  const nameLen = buf.readUInt16LE(p + 28);
  const external = buf.readUInt32LE(p + 38);
  const localOffset = buf.readUInt32LE(p + 42);
  let name: string;
  try {
    name = new TextDecoder('utf-8', { fatal: true }).decode(buf.subarray(p + 46, p + 46 + nameLen));
  } catch {
    return reject(label, `an entry name at offset ${p} is not valid UTF-8`);
  }
  const shown = JSON.stringify(name.slice(0, 200));
  const problem = entryNameProblem(name);
  if (problem) reject(label, `entry ${shown}: ${problem}`);
  if ((flags & 0x41) !== 0 || method === 99) reject(label, `entry ${shown} is encrypted`);
  if (method !== 0 && method !== 8) reject(label, `entry ${shown} uses compression method ${method}; only stored (0) and deflate (8) are read`);
  if (compressedSize === 0xffffffff || size === 0xffffffff || localOffset === 0xffffffff) reject(label, `entry ${shown} needs ZIP64, which is not supported`);
  const mode = external >>> 16;
  const isDirectory = name.endsWith('/') || (madeByOs === 3 && (mode & S_IFMT) === S_IFDIR);
  if (madeByOs === 3 && (mode & S_IFMT) === S_IFLNK) reject(label, `entry ${shown} is a symbolic link`);
  if (madeByOs === 3 && (mode & S_IFMT) !== 0 && (mode & S_IFMT) !== S_IFREG && (mode & S_IFMT) !== S_IFDIR) reject(label, `entry ${shown} is a special file (mode ${mode.toString(8)})`);
  if (isDirectory && size !== 0) reject(label, `directory entry ${shown} has data`);
  if (size > caps.maxEntryBytes) reject(label, `entry ${shown} is ${formatBytes(size)} uncompressed, over the ${formatBytes(caps.maxEntryBytes)} per-entry cap`);
  if (size > caps.ratioFloorBytes && size > compressedSize * caps.maxRatio) {
    reject(label, `entry ${shown} expands ${Math.round(size / Math.max(1, compressedSize))}:1, over the ${caps.maxRatio}:1 compression-ratio cap (zip bomb?)`);
  }
  if (method === 0 && compressedSize !== size) reject(label, `stored entry ${shown} has different compressed and uncompressed sizes`);
  if (localOffset + 30 > buf.length || buf.readUInt32LE(localOffset) !== LFH_SIG) reject(label, `entry ${shown}: no local header at offset ${localOffset} (truncated or damaged)`);
  const localNameLen = buf.readUInt16LE(localOffset + 26);
  const localName = buf.subarray(localOffset + 30, localOffset + 30 + localNameLen);
  if (!localName.equals(buf.subarray(p + 46, p + 46 + nameLen)) || buf.readUInt16LE(localOffset + 8) !== method) {
    reject(label, `entry ${shown}: the local header disagrees with the central directory`);
  }
  const dataOffset = localOffset + 30 + localNameLen + buf.readUInt16LE(localOffset + 28);
  return { name, isDirectory, method, compressedSize, size, crc32: crc, localOffset, dataOffset };
}

/** Each entry's local header + data must lie before the central directory and not overlap another's. */
function checkNoOverlap(entries: ZipEntry[], cdOffset: number, label: string): void {
  const spans = entries.map((e) => ({ e, start: e.localOffset, end: e.dataOffset + e.compressedSize }));
  spans.sort((a, b) => a.start - b.start);
  let prevEnd = 0;
  for (const s of spans) {
    if (s.end > cdOffset) reject(label, `entry ${JSON.stringify(s.e.name)} runs past the start of the central directory (truncated or damaged)`);
    if (s.start < prevEnd) reject(label, `entry ${JSON.stringify(s.e.name)} overlaps another entry (overlapping-entry zip bomb?)`);
    prevEnd = s.end;
  }
}

/** Inflates one listed entry, never producing more than its declared size, and checks its CRC-32. */
export function extractZipEntry(buf: Buffer, entry: ZipEntry, label: string): Buffer {
  const raw = buf.subarray(entry.dataOffset, entry.dataOffset + entry.compressedSize);
  let data: Buffer;
  if (entry.method === 0) data = Buffer.from(raw);
  else {
    try {
      // One byte of headroom: output longer than declared proves the header lies.
      data = inflateRawSync(raw, { maxOutputLength: Math.max(1, entry.size + 1) });
    } catch (e) {
      const why = (e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE' ? 'inflates to more than its declared size' : 'has corrupt deflate data';
      return reject(label, `entry ${JSON.stringify(entry.name)} ${why}`);
    }
  }
  if (data.length !== entry.size) reject(label, `entry ${JSON.stringify(entry.name)} inflates to ${data.length} bytes, not the declared ${entry.size}`);
  if (crc32(data) !== entry.crc32) reject(label, `entry ${JSON.stringify(entry.name)} fails its CRC-32 check (damaged download?)`);
  return data;
}

/** Lists and validates the whole archive, then yields each file (directories skipped) one at a time. */
export function* readZipFiles(buf: Buffer, caps: ArchiveCaps, label: string): Generator<{ name: string; data: Buffer }> {
  for (const entry of listZip(buf, caps, label)) {
    if (!entry.isDirectory) yield { name: entry.name, data: extractZipEntry(buf, entry, label) };
  }
}
