/**
 * The manifest of a content package (`manifest.json` at the archive root): format, version,
 * creation date, counts per kind and the SHA-256 and size of every other file. Validated with
 * zod; every problem names the field. docs/content.md, "Package format", documents it.
 */
import { z } from 'zod';
import { FarsightError } from '@farsight/common';

/** The `format` value every package manifest carries. */
export const PACKAGE_FORMAT = 'farsight-content-package';
/** The manifest format version this reader understands. */
export const PACKAGE_FORMAT_VERSION = 1;

const countsSchema = z.strictObject({
  fingerprints: z.number().int().min(0),
  vulns: z.number().int().min(0),
  advisories: z.number().int().min(0),
});

const manifestSchema = z.strictObject({
  format: z.literal(PACKAGE_FORMAT),
  formatVersion: z.literal(PACKAGE_FORMAT_VERSION),
  version: z.string().min(1).max(64).regex(/^[A-Za-z0-9][A-Za-z0-9._+-]*$/, 'a version is letters, digits and . _ + - (e.g. 2026.11.21.1)'),
  created: z.iso.datetime({ offset: true }),
  description: z.string().max(1024).optional(),
  counts: countsSchema,
  files: z.array(z.strictObject({
    path: z.string().min(1).max(1024),
    sha256: z.string().regex(/^[0-9a-f]{64}$/, 'sha256 is 64 lower-case hex digits'),
    size: z.number().int().min(0),
  })).max(10_000),
});

/** A validated package manifest. */
export type ContentManifest = z.infer<typeof manifestSchema>;
/** Counts of what a package holds, per kind. */
export type ContentCounts = z.infer<typeof countsSchema>;

/** Validates a parsed manifest; throws CONTENT_PACKAGE_INVALID naming the field. */
export function parseManifest(json: unknown, source: string): ContentManifest {
  const r = manifestSchema.safeParse(json);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const where = issue?.path.length ? issue.path.map(String).join('.') : '(top level)';
  throw new FarsightError('CONTENT_PACKAGE_INVALID', `${source}: manifest.json field ${where}: ${issue?.message ?? 'invalid'}; rebuild the package with \`farsight content pack\``);
}
