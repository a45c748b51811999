import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isFarsightError } from '@farsight/common';
import { BUILTIN_TEMPLATES } from '@farsight/scanner/templates';
import type { ScanTemplate } from '@farsight/scanner/templates';
import { applyOverrides, durationToMs, isBuiltinTemplate, msToDuration, overridesFromV3, templateIdFor, toV3Template, validateTemplate } from './templates-model.ts';

const full = BUILTIN_TEMPLATES['full-audit'] as ScanTemplate;

test('built-ins are valid and recognised', () => {
  for (const t of Object.values(BUILTIN_TEMPLATES)) validateTemplate(t);
  assert.equal(isBuiltinTemplate('exhaustive'), true);
  assert.equal(isBuiltinTemplate('constructor'), false);
});

test('durations', () => {
  assert.equal(msToDuration(500), 'PT0.5S');
  assert.equal(msToDuration(3000), 'PT3S');
  for (const [t, ms] of [['PT0.5S', 500], ['PT3S', 3000], ['P30S', 30_000], ['PT1M30S', 90_000], ['pt2s', 2000]] as const) assert.equal(durationToMs(t, 'x'), ms, t);
  for (const bad of ['3s', 'PT', 'P', 'PTS', '']) assert.throws(() => durationToMs(bad, 'timeout.initial'), /timeout\.initial/);
});

test('v3 body → overrides → template round-trips through toV3Template', () => {
  const v3 = toV3Template(full, { builtIn: true, copyOf: null });
  const again = applyOverrides(full, 'copy', overridesFromV3(v3));
  assert.deepEqual({ ...again, id: full.id }, full);
  assert.equal(v3.discoveryOnly, false);
  assert.equal((toV3Template(BUILTIN_TEMPLATES.discovery as ScanTemplate, { builtIn: true, copyOf: null })).discoveryOnly, true);
});

test('overrides: v3 fields then farsight fields; validation errors name the field', () => {
  const t = applyOverrides(full, 'mine', overridesFromV3({ name: 'Mine', maxParallelAssets: 4, discovery: { performance: { retryLimit: 3, timeout: { initial: 'PT2S' } } } }), { tcpPorts: '22,80', performance: { rate: 100 } });
  assert.equal(t.name, 'Mine');
  assert.equal(t.id, 'mine');
  assert.equal(t.performance.maxParallelHosts, 4);
  assert.equal(t.performance.retries, 2);
  assert.equal(t.performance.initialTimeoutMs, 2000);
  assert.equal(t.performance.rate, 100);
  assert.equal(t.tcpPorts, '22,80');
  assert.equal(full.tcpPorts, 'well-known', 'base untouched');
  assert.throws(() => applyOverrides(full, 'x', { tcpPorts: '22,99999' }), (e) => isFarsightError(e, 'PORT_SPEC_INVALID') && /tcpPorts/.test(e.message));
  assert.throws(() => applyOverrides(full, 'x', { performance: { maxParallelHosts: 0 } }), (e) => isFarsightError(e, 'INVALID_ARGUMENT') && /maxParallelHosts/.test(e.message));
  assert.throws(() => applyOverrides(full, 'x', { performance: { minTimeoutMs: 5000 } }), /minimum ≤ initial/);
  assert.throws(() => applyOverrides(full, 'x', { checkCategories: ['bogus' as 'safe'] }), /bogus/);
});

test('custom ids are slugs that avoid taken ids', () => {
  const taken = new Set(['full-audit', 'my-audit']);
  assert.equal(templateIdFor('Full Audit', (id) => taken.has(id)), 'full-audit-2');
  assert.equal(templateIdFor('My   Audit!', (id) => taken.has(id)), 'my-audit-2');
  assert.equal(templateIdFor('Ünïcode', () => false), 'n-code');
  assert.equal(templateIdFor('!!!', () => false), 'template');
});
