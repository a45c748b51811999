// What each template runs: discovery none, full-audit/exhaustive the safe checks, intrusive only on opt-in.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isFarsightError } from '@farsight/common';
import { BUILTIN_TEMPLATES, copyTemplate, getTemplate } from '../templates.ts';
import { prepareChecks } from './scan-hook.ts';

const env = { assertInScope: (): void => undefined, maxParallelHosts: 16 };
const ids = (p: ReturnType<typeof prepareChecks>): string[] => (p?.checks ?? []).map((c) => c.meta.id);

test('templates decide the categories; --intrusive and a custom template opt in; --no-checks wins', () => {
  assert.equal(prepareChecks(getTemplate('discovery'), undefined, env), undefined);
  assert.equal(prepareChecks(getTemplate('discovery'), { intrusive: true }, env), undefined);
  for (const id of ['full-audit', 'exhaustive', 'endpoint']) {
    const t = BUILTIN_TEMPLATES[id];
    assert.ok(t);
    const run = ids(prepareChecks(t, undefined, env));
    assert.ok(run.length >= 20 && run.includes('tls-weak-ciphers'), id);
    assert.ok(!run.includes('ftp-anonymous-writable'), `${id} runs no intrusive check by default`);
  }
  assert.ok(ids(prepareChecks(getTemplate('full-audit'), { intrusive: true }, env)).includes('ftp-anonymous-writable'));
  const custom = copyTemplate('full-audit', 'ftp-audit', { checkCategories: ['safe', 'intrusive'] });
  assert.ok(ids(prepareChecks(custom, undefined, env)).includes('ftp-anonymous-writable'), 'a template that lists intrusive opts in');
  assert.equal(prepareChecks(getTemplate('full-audit'), { enabled: false, intrusive: true }, env), undefined);
  assert.deepEqual(ids(prepareChecks(getTemplate('full-audit'), { only: ['redis-unauth', 'snmp-default-community'] }, env)), ['redis-unauth', 'snmp-default-community']);
  assert.throws(() => prepareChecks(getTemplate('full-audit'), { skip: ['redis'] }, env), (e: unknown) => isFarsightError(e, 'CHECK_UNKNOWN'));
});
