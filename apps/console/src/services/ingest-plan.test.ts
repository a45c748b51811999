import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planAssets, type AssetRef } from './ingest-plan.ts';
import type { Identifier } from './assets-identity.ts';

const ip = (v: string): Identifier => ({ kind: 'ip', value: v });
const name = (v: string): Identifier => ({ kind: 'hostname', value: v });
const mac = (v: string): Identifier => ({ kind: 'mac', value: v });

const cases: Array<{ what: string; hosts: Identifier[][]; known?: Array<[string, number]>; refs: AssetRef[] | null; fresh?: number; vias?: Array<string | undefined> }> = [
  { what: 'unknown hosts make one new asset each', hosts: [[ip('127.11.1.1')], [ip('127.11.1.2')]], refs: [{ fresh: 0 }, { fresh: 1 }], fresh: 2, vias: [undefined, undefined] },
  { what: 'a known address is its asset', hosts: [[ip('127.11.1.1'), name('a.test')]], known: [['ip|127.11.1.1', 7]], refs: [{ existing: 7 }], fresh: 0, vias: ['ip 127.11.1.1'] },
  { what: 'a later host sharing a name joins the new asset', hosts: [[ip('127.11.1.1'), name('a.test')], [ip('127.11.1.2'), name('a.test')]], refs: [{ fresh: 0 }, { fresh: 0 }], fresh: 1, vias: [undefined, undefined, 'hostname a.test'] },
  { what: 'the same host twice is one asset, nothing attached twice', hosts: [[ip('127.11.1.1')], [ip('127.11.1.1')]], refs: [{ fresh: 0 }, { fresh: 0 }], fresh: 1, vias: [undefined] },
  { what: 'identifiers of two known assets need a merge', hosts: [[mac('02:00:00:00:00:01'), ip('127.11.1.1')]], known: [['mac|02:00:00:00:00:01', 1], ['ip|127.11.1.1', 2]], refs: null },
  { what: 'two new assets met by a later host need a merge', hosts: [[ip('127.11.1.1'), name('a.test')], [ip('127.11.1.2'), name('b.test')], [ip('127.11.1.3'), name('a.test'), name('b.test')]], refs: null },
  { what: 'a new asset meeting a known one needs a merge', hosts: [[ip('127.11.1.5'), name('n.test')], [ip('127.11.1.1'), name('n.test')]], known: [['ip|127.11.1.1', 3]], refs: null },
];

for (const c of cases) {
  test(`planAssets: ${c.what}`, () => {
    const plan = planAssets(c.hosts.map((ids, i) => ({ address: `127.11.1.${i + 1}`, ids })), new Map(c.known ?? []));
    if (c.refs === null) return assert.equal(plan, null);
    assert.ok(plan);
    assert.deepEqual(plan.refs, c.refs);
    assert.equal(plan.fresh, c.fresh);
    assert.deepEqual(plan.identifiers.map((i) => (i.via ? `${i.via.kind} ${i.via.value}` : undefined)), c.vias);
  });
}
