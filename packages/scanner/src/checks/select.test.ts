// Which checks run: safe by default, intrusive only on explicit opt-in, ids validated.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isFarsightError } from '@farsight/common';
import { selectChecks } from './select.ts';
import type { ActiveCheck, CheckCategory } from './types.ts';

const fake = (id: string, categories: CheckCategory[]): ActiveCheck => ({
  meta: { id, title: id, categories, services: [], reports: [] }, appliesTo: () => true, run: () => Promise.resolve(null), evaluate: () => [],
});
const ALL = [fake('a-safe', ['safe']), fake('b-intrusive', ['intrusive']), fake('c-both', ['safe', 'intrusive']), fake('d-auth', ['auth-required'])];
const ids = (cs: ActiveCheck[]): string[] => cs.map((c) => c.meta.id);

test('selection table: categories, opt-in, only, skip', () => {
  const rows: [string, Parameters<typeof selectChecks>[1], string[]][] = [
    ['full-audit default: safe only', { categories: ['safe'] }, ['a-safe']],
    ['discovery: none', { categories: [] }, []],
    ['discovery + --intrusive: still none', { categories: [], intrusive: true }, []],
    ['--intrusive opts in', { categories: ['safe'], intrusive: true }, ['a-safe', 'b-intrusive', 'c-both']],
    ['a custom template listing intrusive is an opt-in', { categories: ['safe', 'intrusive'] }, ['a-safe', 'b-intrusive', 'c-both']],
    ['endpoint: safe + auth', { categories: ['safe', 'auth-required'] }, ['a-safe', 'd-auth']],
    ['--checks narrows (intrusive still needs the opt-in)', { categories: ['safe'], only: ['a-safe', 'b-intrusive'] }, ['a-safe']],
    ['--checks with --intrusive', { categories: ['safe'], only: ['b-intrusive'], intrusive: true }, ['b-intrusive']],
    ['--skip-checks', { categories: ['safe'], intrusive: true, skip: ['a-safe'] }, ['b-intrusive', 'c-both']],
  ];
  for (const [name, sel, want] of rows) assert.deepEqual(ids(selectChecks(ALL, sel)), want, name);
});

test('unknown ids are CHECK_UNKNOWN naming the valid ones', () => {
  assert.throws(() => selectChecks(ALL, { categories: ['safe'], only: ['nope'] }), (e: unknown) => isFarsightError(e, 'CHECK_UNKNOWN') && /'nope'.*a-safe, b-intrusive/.test(e.message));
  assert.throws(() => selectChecks(ALL, { categories: ['safe'], skip: ['typo'] }), (e: unknown) => isFarsightError(e, 'CHECK_UNKNOWN'));
});
