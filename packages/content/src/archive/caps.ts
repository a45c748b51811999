/**
 * Safety caps for archives Farsight unpacks (content packages, OSV zip dumps). Every limit is
 * checked against the central directory before a byte is inflated, and again while inflating,
 * so a lying header cannot make the reader allocate more than the caps allow.
 */

/** Limits one archive must stay within; breaking any rejects the whole archive. */
export interface ArchiveCaps {
  /** Size of the archive file itself (compressed bytes). */
  maxArchiveBytes: number;
  /** Number of entries in the central directory, directories included. */
  maxEntries: number;
  /** Uncompressed size of one entry. */
  maxEntryBytes: number;
  /** Sum of the uncompressed sizes of all entries. */
  maxTotalBytes: number;
  /** Uncompressed/compressed ratio allowed for an entry larger than `ratioFloorBytes` (zip bombs reach ~1000). */
  maxRatio: number;
  /** Entries at most this large (uncompressed) are exempt from the ratio cap: they are cheap whatever their ratio. */
  ratioFloorBytes: number;
}

const MiB = 1024 * 1024;

/** Caps for a content package (`farsight content update`): fingerprints, checks and advisories. */
export const PACKAGE_CAPS: ArchiveCaps = {
  maxArchiveBytes: 64 * MiB,
  maxEntries: 10_000,
  maxEntryBytes: 32 * MiB,
  maxTotalBytes: 512 * MiB,
  maxRatio: 100,
  ratioFloorBytes: MiB,
};

/** Caps for an OSV zip given to `farsight content import` (OSV's per-ecosystem `all.zip` dumps are large). */
export const IMPORT_ZIP_CAPS: ArchiveCaps = {
  maxArchiveBytes: 512 * MiB,
  maxEntries: 500_000,
  maxEntryBytes: 16 * MiB,
  maxTotalBytes: 4096 * MiB,
  maxRatio: 100,
  ratioFloorBytes: MiB,
};

/** Formats a byte count for messages (`64 MiB`, `1.5 KiB`). */
export function formatBytes(n: number): string {
  if (n >= MiB) return `${+(n / MiB).toFixed(1)} MiB`;
  if (n >= 1024) return `${+(n / 1024).toFixed(1)} KiB`;
  return `${n} bytes`;
}
