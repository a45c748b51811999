import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { isFarsightError } from '@farsight/common';
import { consoleIdOf, parseConsolesXml, serializeConsolesXml, type ConsoleEntry } from './consoles-xml.ts';

const FP = Array.from({ length: 32 }, (_, i) => (i * 7 % 256).toString(16).padStart(2, '0').toUpperCase()).join(':');
const FP2 = FP.replace(/^../, 'FF');

test('round trip, including awkward names', () => {
  const entries: ConsoleEntry[] = [
    { id: consoleIdOf(FP), name: 'HQ "main" <console> & co', lastAddress: '127.0.0.1', enabled: false, fingerprint: FP, direction: 'standard' },
    { id: consoleIdOf(FP2), name: 'cloud', lastAddress: '::1', enabled: true, fingerprint: FP2, direction: 'reverse', host: 'localhost', port: 40815, engineId: 7 },
  ];
  assert.deepEqual(parseConsolesXml(serializeConsolesXml(entries)), entries);
  assert.deepEqual(parseConsolesXml('<consoles></consoles>'), []);
  assert.deepEqual(parseConsolesXml('<consoles/>'), []);
});

test('refuses DOCTYPE, entities, bad attributes and duplicates, naming the problem', () => {
  const ok = `<console id="${consoleIdOf(FP)}" name="a" lastAddress="127.0.0.1" enabled="0" fingerprint="${FP}"/>`;
  const table: Array<[string, RegExp]> = [
    [`<!DOCTYPE consoles [<!ENTITY x "y">]><consoles>${ok}</consoles>`, /DOCTYPE/],
    [`<!doctype consoles SYSTEM "file:///etc/passwd"><consoles/>`, /DOCTYPE/],
    ['<consoles><console', /well-formed/],
    ['<other/>', /root element/],
    [`<consoles>${ok.replace('enabled="0"', 'enabled="yes"')}</consoles>`, /enabled/],
    [`<consoles>${ok.replace(FP, 'AA:BB')}</consoles>`, /fingerprint/],
    [`<consoles>${ok.replace('/>', ' extra="1"/>')}</consoles>`, /console #1/],
    [`<consoles>${ok}${ok}</consoles>`, /twice/],
    [`<consoles>${ok.replace('/>', ' direction="reverse"/>')}</consoles>`, /host and port/],
  ];
  for (const [text, want] of table) {
    assert.throws(() => parseConsolesXml(text), (e: unknown) => isFarsightError(e, 'ENGINE_CONFIG_INVALID') && want.test((e as Error).message), text);
  }
});

test('hostile text never crashes the parser with anything but ENGINE_CONFIG_INVALID', () => {
  fc.assert(fc.property(fc.string({ maxLength: 300 }), (s) => {
    try { parseConsolesXml(`<consoles>${s}</consoles>`); } catch (e) { assert.ok(isFarsightError(e, 'ENGINE_CONFIG_INVALID'), String(e)); }
  }), { numRuns: 300 });
});
