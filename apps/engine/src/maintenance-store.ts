/**
 * The engine's maintenance windows: `conf/maintenance.json` (0600, atomic writes), managed
 * with `farsight engine maintenance add|list|remove`, published to every console in hello and
 * heartbeat (protocol 1.1; rules in @farsight/engine-protocol's maintenance.ts). The file is
 * re-read when it changes, so an added window reaches consoles with the next heartbeat.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { FarsightError } from '@farsight/common';
import { formatMaintenanceRule, maintenanceRuleSchema, parseMaintenanceRule, type MaintenanceRule } from '@farsight/engine-protocol';
import { writeFileAtomic } from './files.ts';

const fileSchema = z.object({ version: z.literal(1), rules: z.array(maintenanceRuleSchema).max(64) });

/** The maintenance-window file of an engine. */
export class MaintenanceStore {
  readonly file: string;
  #cache: { mtimeMs: number; rules: MaintenanceRule[] } | undefined;

  constructor(confDir: string) {
    this.file = join(confDir, 'maintenance.json');
  }

  /** The rules; ENGINE_CONFIG_INVALID when the file is malformed. */
  list(): MaintenanceRule[] {
    if (!existsSync(this.file)) return [];
    const mtimeMs = statSync(this.file).mtimeMs;
    if (this.#cache?.mtimeMs === mtimeMs) return this.#cache.rules;
    let json: unknown;
    try { json = JSON.parse(readFileSync(this.file, 'utf8')); } catch (e) {
      throw new FarsightError('ENGINE_CONFIG_INVALID', `${this.file} is not valid JSON (${(e as Error).message}); fix it or remove it and add the windows again`);
    }
    const r = fileSchema.safeParse(json);
    if (!r.success) throw new FarsightError('ENGINE_CONFIG_INVALID', `${this.file}: ${r.error.issues[0]?.path.join('.') ?? ''} ${r.error.issues[0]?.message ?? 'invalid'}`);
    this.#cache = { mtimeMs, rules: r.data.rules };
    return r.data.rules;
  }

  /** The rules, or none (with a warning) when the file is unreadable: a bad file must not stop scanning. */
  published(log?: { warn(m: string): void }): MaintenanceRule[] {
    try { return this.list(); } catch (e) { log?.warn(`maintenance windows not published: ${(e as Error).message}`); return []; }
  }

  /** Adds a rule given as text (`FREQ=MONTHLY;BYDAY=1WE;START=10:00;DURATION=PT4H;TZID=America/New_York`). */
  add(id: string, text: string): MaintenanceRule {
    let rule: MaintenanceRule;
    try { rule = parseMaintenanceRule(id, text); } catch (e) { throw new FarsightError('INVALID_ARGUMENT', (e as Error).message); }
    const all = this.list();
    if (all.some((r) => r.id === id)) throw new FarsightError('CONFLICT', `a maintenance window named '${id}' exists; remove it first or choose another --id`);
    if (all.length >= 64) throw new FarsightError('INVALID_ARGUMENT', 'an engine has at most 64 maintenance windows; remove one first');
    this.#write([...all, rule]);
    return rule;
  }

  /** Removes a rule by id; NOT_FOUND otherwise. */
  remove(id: string): void {
    const all = this.list();
    if (!all.some((r) => r.id === id)) throw new FarsightError('NOT_FOUND', `no maintenance window named '${id}'; \`farsight engine maintenance list\` shows them`);
    this.#write(all.filter((r) => r.id !== id));
  }

  #write(rules: MaintenanceRule[]): void {
    writeFileAtomic(this.file, `${JSON.stringify({ version: 1, rules }, null, 2)}\n`);
    this.#cache = undefined;
  }
}

/** One line per rule for `maintenance list`. */
export function describeRule(rule: MaintenanceRule): string {
  return `${rule.id.padEnd(12)} ${formatMaintenanceRule(rule)}`;
}
