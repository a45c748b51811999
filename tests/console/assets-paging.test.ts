// Asset list paging: a page in the back half is read from the other end in reversed order
// (listAssets/pageWindow). Every page of every sort — with NULL and duplicate host names and
// OS — must be exactly the matching slice of the whole list read forwards in one page, on
// SQLite and PostgreSQL (their NULL ordering differs; each must be consistent with itself).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nowIso } from '../../apps/console/src/db/index.ts';
import { pageWindow } from '../../apps/console/src/services/assets.ts';
import { forEachDb, startTestConsole } from './harness/index.ts';

process.env.FARSIGHT_LOCAL_ENGINE = '0';
// The remote-engine listener (40815 by default) would collide with consoles of parallel test files.
process.env.FARSIGHT_ENGINE_LISTEN_PORT ??= '0';

test('pageWindow: the nearer end, exact limits, past the end', () => {
  const cases: Array<[number, number, number, ReturnType<typeof pageWindow>]> = [
    [0, 10, 57, { offset: 0, limit: 10, reversed: false }],
    [2, 10, 57, { offset: 20, limit: 10, reversed: false }],
    [3, 10, 57, { offset: 17, limit: 10, reversed: true }],
    [5, 10, 57, { offset: 0, limit: 7, reversed: true }],
    [6, 10, 57, null],
    [0, 500, 57, { offset: 0, limit: 57, reversed: false }],
    [0, 10, 0, null],
    [1, 10, 20, { offset: 0, limit: 10, reversed: true }],
  ];
  for (const [page, size, total, want] of cases) assert.deepEqual(pageWindow(page, size, total), want, `page ${page} size ${size} of ${total}`);
});

forEachDb('asset pages read from either end equal slices of the whole list', async (t, kind) => {
  const c = await startTestConsole({ db: kind });
  t.after(() => c.stop());
  const now = nowIso();
  await c.db.insertInto('assets').values(Array.from({ length: 57 }, (_, i) => ({
    ip: `127.11.7.${(i * 37) % 250}`, host_name: i % 5 === 0 ? null : `h${(i * 13) % 9}.paging.test`, mac: null, os: i % 3 === 0 ? null : `OS ${i % 4}`,
    os_json: null, first_seen: now, last_seen: now, last_scan_id: null, created_at: now, updated_at: now,
  }))).execute();
  const ids = async (query: string): Promise<{ ids: number[]; total: number }> => {
    const r = await c.request('GET', `/api/3/assets?${query}`);
    assert.equal(r.status, 200, r.text);
    return { ids: (r.body.resources as Array<{ id: number }>).map((a) => a.id), total: r.body.page.totalResources as number };
  };
  for (const sort of ['', '&sort=hostName,ASC', '&sort=hostName,DESC', '&sort=ip,DESC', '&sort=os,ASC', '&sort=os,DESC&sort=hostName,ASC', '&sort=id,DESC']) {
    const whole = await ids(`size=500${sort}`);
    assert.equal(whole.ids.length, 57);
    assert.equal(new Set(whole.ids).size, 57);
    for (const size of [10, 7]) {
      const paged: number[] = [];
      for (let page = 0; page * size < 57; page++) {
        const p = await ids(`page=${page}&size=${size}${sort}`);
        assert.equal(p.total, 57);
        paged.push(...p.ids);
      }
      assert.deepEqual(paged, whole.ids, `pages of ${size}${sort} equal the whole list`);
    }
    assert.deepEqual((await ids(`page=9&size=10${sort}`)).ids, [], 'past the end: empty');
  }
});
