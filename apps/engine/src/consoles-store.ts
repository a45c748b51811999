/**
 * The engine's per-console state on disk: `conf/consoles.xml` (read fresh at start and on
 * reload, written atomically, 0600) and, for a console this engine paired with,
 * `conf/consoles/<id>/cert.pem` (the certificate that console issued) and `ca.pem` (its engine CA).
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from './files.ts';
import { parseConsolesXml, serializeConsolesXml, type ConsoleEntry } from './consoles-xml.ts';

/** Reads and writes the engine's console records under `<data>/conf`. */
export class ConsolesStore {
  readonly confDir: string;

  constructor(confDir: string) {
    // Nothing is created until something is written: `consoles list` on a wrong --data-dir leaves no trace.
    this.confDir = confDir;
  }

  /** Path of consoles.xml. */
  get file(): string { return join(this.confDir, 'consoles.xml'); }

  /** Every console (none when the file does not exist yet). Throws ENGINE_CONFIG_INVALID for a bad file. */
  list(): ConsoleEntry[] {
    if (!existsSync(this.file)) return [];
    return parseConsolesXml(readFileSync(this.file, 'utf8'));
  }

  /** Replaces the list (atomically). */
  save(entries: readonly ConsoleEntry[]): void {
    mkdirSync(this.confDir, { recursive: true, mode: 0o700 });
    writeFileAtomic(this.file, serializeConsolesXml(entries));
  }

  /** Adds or updates one console (matched by id). */
  upsert(entry: ConsoleEntry): void {
    const all = this.list();
    const i = all.findIndex((c) => c.id === entry.id);
    if (i >= 0) all[i] = entry; else all.push(entry);
    this.save(all);
  }

  /** Sets enabled on a console; false when there is no such id. */
  setEnabled(id: string, enabled: boolean): boolean {
    const all = this.list();
    const c = all.find((x) => x.id === id);
    if (!c) return false;
    c.enabled = enabled;
    this.save(all);
    return true;
  }

  /** Directory of one console's files. */
  dirOf(id: string): string {
    const d = join(this.confDir, 'consoles', id);
    mkdirSync(d, { recursive: true, mode: 0o700 });
    return d;
  }

  /** The certificate and CA a paired console issued, if any. */
  material(id: string): { cert: string; ca: string } | undefined {
    const d = join(this.confDir, 'consoles', id);
    if (!existsSync(join(d, 'cert.pem')) || !existsSync(join(d, 'ca.pem'))) return undefined;
    return { cert: readFileSync(join(d, 'cert.pem'), 'utf8'), ca: readFileSync(join(d, 'ca.pem'), 'utf8') };
  }

  /** Stores a console's certificate (and CA) atomically, 0600. */
  saveMaterial(id: string, m: { cert: string; ca?: string }): void {
    const d = this.dirOf(id);
    if (m.ca !== undefined) writeFileAtomic(join(d, 'ca.pem'), m.ca);
    writeFileAtomic(join(d, 'cert.pem'), m.cert);
  }
}
