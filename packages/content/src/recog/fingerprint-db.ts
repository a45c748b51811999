/**
 * A set of Recog fingerprint files indexed by match key. Matching follows Recog's Nizer:
 * files with the key are tried in order (higher `preference` first within one source;
 * a merged-in source before the one it was merged into), fingerprints in file order, and the
 * first hit wins.
 */
import { Fingerprint, MatchInput } from './fingerprint.ts';
import type { FingerprintMatch } from './fingerprint.ts';
import { parseRecogXml } from './recog-xml.ts';
import type { RecogFileSpec } from './recog-xml.ts';
import { builtinFingerprintDir, readRecogDirectory } from './load-files.ts';

/** One loaded fingerprint file. */
export interface FingerprintFile {
  readonly source: string;
  readonly matchKey: string;
  readonly protocol: string;
  readonly databaseType: string;
  readonly preference: number;
  readonly fingerprints: readonly Fingerprint[];
}

/** A fingerprint whose regex could not be translated (it is skipped, never fatal). */
export interface RegexFailure {
  readonly fingerprint: string;
  readonly pattern: string;
  readonly message: string;
}

function compileFile(spec: RecogFileSpec): FingerprintFile {
  const origin = { source: spec.source, matchKey: spec.matchKey, protocol: spec.protocol };
  return {
    source: spec.source,
    matchKey: spec.matchKey,
    protocol: spec.protocol,
    databaseType: spec.databaseType,
    preference: spec.preference,
    fingerprints: spec.fingerprints.map((f) => new Fingerprint(f, origin)),
  };
}

/** Orders the files of one source: higher preference first, then name. */
function byPreference(files: readonly FingerprintFile[]): FingerprintFile[] {
  return [...files].sort((a, b) => b.preference - a.preference || (a.source < b.source ? -1 : a.source > b.source ? 1 : 0));
}

/** A Recog fingerprint database (one or more sources). */
export class FingerprintDb {
  /** Files in match order. */
  readonly files: readonly FingerprintFile[];
  private readonly byKey = new Map<string, Fingerprint[]>();

  /** Builds a database from files already in match order (see fromSpecs for sorting). */
  constructor(files: readonly FingerprintFile[]) {
    this.files = files;
    for (const file of files) {
      const list = this.byKey.get(file.matchKey) ?? [];
      list.push(...file.fingerprints);
      this.byKey.set(file.matchKey, list);
    }
  }

  /** A database from parsed file specs of one source. */
  static fromSpecs(specs: readonly RecogFileSpec[]): FingerprintDb {
    return new FingerprintDb(byPreference(specs.map(compileFile)));
  }

  /** Parses one XML document (`sourceName` is its file name; it names errors and ids). */
  static fromXml(text: string, sourceName: string): FingerprintDb {
    return FingerprintDb.fromSpecs([parseRecogXml(text, sourceName)]);
  }

  /** Loads every `*.xml` in `dir` (resolving `_filename` examples); see load-files.ts. */
  static async loadDirectory(dir: string | URL): Promise<FingerprintDb> {
    return FingerprintDb.fromSpecs(await readRecogDirectory(dir));
  }

  /** Farsight's own fingerprints (packages/content/fingerprints). */
  static async builtin(): Promise<FingerprintDb> {
    return FingerprintDb.loadDirectory(builtinFingerprintDir());
  }

  /** A database trying `other`'s files before this one's, for every key; both are kept. */
  merge(other: FingerprintDb): FingerprintDb {
    return new FingerprintDb([...other.files, ...this.files]);
  }

  /** The first fingerprint for `matchKey` that matches `text` (Recog's Nizer.match). */
  match(matchKey: string, text: string): FingerprintMatch | undefined {
    const input = new MatchInput(text);
    for (const fp of this.byKey.get(matchKey) ?? []) {
      const m = fp.match(input);
      if (m) return m;
    }
    return undefined;
  }

  /** Every fingerprint for `matchKey` that matches, in match order (Recog's multi_match). */
  matchAll(matchKey: string, text: string): FingerprintMatch[] {
    const out: FingerprintMatch[] = [];
    const input = new MatchInput(text);
    for (const fp of this.byKey.get(matchKey) ?? []) {
      const m = fp.match(input);
      if (m) out.push(m);
    }
    return out;
  }

  /** The match keys present, sorted. */
  keys(): string[] {
    return [...this.byKey.keys()].sort();
  }

  /** Fingerprints for one key (or all), in match order. */
  fingerprints(matchKey?: string): readonly Fingerprint[] {
    if (matchKey !== undefined) return this.byKey.get(matchKey) ?? [];
    return this.files.flatMap((f) => f.fingerprints);
  }

  /** Number of fingerprints. */
  get size(): number {
    let n = 0;
    for (const f of this.files) n += f.fingerprints.length;
    return n;
  }

  /** Fingerprints skipped because their regex could not be translated. */
  regexFailures(): RegexFailure[] {
    return this.fingerprints()
      .filter((f) => f.error !== undefined)
      .map((f) => ({ fingerprint: f.id, pattern: f.pattern, message: f.error?.message ?? '' }));
  }
}
