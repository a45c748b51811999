/**
 * The content an engine scans with: the content store's active content (docs/content.md) —
 * installed package or built-in pack, plus NVD/OSV imports — through `loadActiveContent()`,
 * the call `farsight scan --content-dir` makes. Loaded on the first scan, re-loaded when the
 * store changed (another package activated, another import), so a long-running engine picks
 * up `farsight content update|import` without a restart.
 */
import { FingerprintDb } from '@farsight/content';
import { builtinFingerprintDir } from '@farsight/content/recog/load-files';
import { loadActiveContent, readActivePointer, readImportIndex, resolveContentDir, type ActiveContent } from '@farsight/content/store/index';

/** The engine's view of its content store. */
export class EngineContent {
  /** Content directory (option, else FARSIGHT_CONTENT_DIR, else ~/.farsight/content). */
  readonly dir: string;
  #cached: { stamp: string; content: Promise<ActiveContent> } | undefined;
  #fingerprints: { dir: string; db: Promise<FingerprintDb> } | undefined;
  #version = 'builtin';

  constructor(contentDir?: string) {
    this.dir = contentDir ?? resolveContentDir();
  }

  /** The content version engines publish in hello and heartbeats: the active package's version, or `builtin`. */
  get version(): string { return this.#version; }

  /** Re-reads the active pointer only (cheap): updates `version`. */
  async refreshVersion(): Promise<string> {
    try { this.#version = (await readActivePointer(this.dir))?.version ?? 'builtin'; } catch { this.#version = 'builtin'; }
    return this.#version;
  }

  /** The active content; the same object while the store is unchanged. Never rejects for damaged store content (see `warnings`). */
  async get(): Promise<ActiveContent> {
    const stamp = await this.#stamp();
    if (this.#cached?.stamp === stamp) return this.#cached.content;
    const content = loadActiveContent({ contentDir: this.dir });
    const entry = { stamp, content };
    this.#cached = entry;
    content.then((c) => { this.#version = c.version; }, () => { if (this.#cached === entry) this.#cached = undefined; });
    return content;
  }

  /** Fingerprints of the active content (the installed package's Recog files, else the built-in ones). */
  async fingerprints(): Promise<FingerprintDb> {
    const c = await this.get();
    const dir = c.fingerprintDir;
    if (this.#fingerprints?.dir !== dir) {
      const db = dir === builtinFingerprintDir() ? FingerprintDb.builtin() : FingerprintDb.loadDirectory(dir);
      this.#fingerprints = { dir, db };
      db.catch(() => { if (this.#fingerprints?.db === db) this.#fingerprints = undefined; });
    }
    return this.#fingerprints.db;
  }

  /** What identifies the store's state: active package and import index (both small files). */
  async #stamp(): Promise<string> {
    const [pointer, index] = await Promise.all([
      readActivePointer(this.dir).catch((e: unknown) => `unreadable: ${String(e)}`),
      readImportIndex(this.dir).catch((e: unknown) => `unreadable: ${String(e)}`),
    ]);
    return JSON.stringify([pointer ?? null, index]);
  }
}
