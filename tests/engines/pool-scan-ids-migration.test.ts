// Migration 0323's data move: results stored under a chunk's id before ingest wrote the pool
// scan's (asset, identifier, service, software, finding and history scan ids, login outcomes)
// are moved to the pool scan; rows of ordinary scans and progress rows stay as they are; a
// second run changes nothing. Both databases. Addresses 127.9.132.x (block reserved here).
import assert from 'node:assert/strict';
import type { Kysely } from 'kysely';
import { moveChunkResultsToParents } from '../../apps/console/src/db/migrations/0323-config-engine-scan-limit.ts';
import { forEachDb, startTestConsole } from '../console/harness/index.ts';

process.env.FARSIGHT_LOCAL_ENGINE = '0';
process.env.FARSIGHT_REMOTE_ENGINES = '0';

forEachDb('migration 0323 moves results stored under chunk ids to their pool scan', async (t, dbKind) => {
  const c = await startTestConsole({ db: dbKind });
  t.after(() => c.stop());
  const e = await c.request('POST', '/api/3/scan_engines', { body: { name: 'mig-e', address: '127.9.132.100', port: 40814 } });
  assert.equal(e.status, 201, e.text);
  const site = await c.request('POST', '/api/3/sites', { body: { name: 'mig site', engineId: e.body.id, scan: { assets: { includedTargets: { addresses: ['127.9.132.1', '127.9.132.2'] } } } } });
  assert.equal(site.status, 201, site.text);
  const db = c.db;
  const now = new Date().toISOString();
  const scanRow = (name: string, parent: number | null) => ({
    site_id: site.body.id as number, engine_id: e.body.id as number, name, scan_type: 'manual', status: 'finished', status_reason: 'test', started_by: 'admin',
    template_id: 'full-audit', spec: '{}', hosts_total: 1, hosts_done: 1, hosts_up: 1, committed_seq: 1, last_seq: 1, created_at: now,
    start_time: now, end_time: now, updated_at: now, ...(parent === null ? {} : { parent_scan_id: parent }),
  });
  const plain = (await db.insertInto('scans').values(scanRow('plain', null)).returning('id').executeTakeFirstOrThrow()).id;
  const parent = (await db.insertInto('scans').values(scanRow('pool', null)).returning('id').executeTakeFirstOrThrow()).id;
  const chunk = (await db.insertInto('scans').values(scanRow('pool [chunk 1/1 on engine 2]', parent)).returning('id').executeTakeFirstOrThrow()).id;

  const asset = async (ip: string, scanId: number): Promise<number> => {
    const a = (await db.insertInto('assets').values({ ip, host_name: null, mac: null, os: null, os_json: null, first_seen: now, last_seen: now, last_scan_id: scanId, created_at: now, updated_at: now }).returning('id').executeTakeFirstOrThrow()).id;
    await db.insertInto('asset_addresses').values({ asset_id: a, kind: 'ip', value: ip, scan_id: scanId, reason: 'test', created_at: now }).execute();
    await db.insertInto('services').values({ asset_id: a, port: 22, protocol: 'tcp', name: 'ssh', family: null, vendor: null, product: null, version: null, cpe: null, tunnel: null, banner: null, first_seen: now, last_seen: now, last_scan_id: scanId }).execute();
    await db.insertInto('software').values({ asset_id: a, type: 'os', vendor: 'v', product: 'p', version: '1', family: null, cpe: null, last_scan_id: scanId }).execute();
    const f = (await db.insertInto('findings').values({ asset_id: a, check_id: 'farsight-test-open-port', port: 22, protocol: 'tcp', instance: '', status: 'new', severity: 'moderate', title: null, proof: null,
      first_seen: now, last_seen: now, since: now, first_scan_id: scanId, last_scan_id: scanId, status_scan_id: scanId }).returning('id').executeTakeFirstOrThrow()).id;
    await db.insertInto('finding_history').values({ finding_id: f, scan_id: scanId, at: now, from_status: null, to_status: 'new', reason: 'test' }).execute();
    await db.insertInto('scan_hosts').values({ scan_id: scanId, address: ip, status: 'up', asset_id: a, open_ports: 1, findings: 1, seq: 1, done_at: now }).execute();
    await db.insertInto('scan_host_auth').values({ scan_id: scanId, address: ip, asset_id: a, outcome: 'success', credential_id: null, credential: null, user_name: null, port: 22, method: null, elevation: null,
      detail: 'test', host_key: null, packages: null, os: null, ecosystem: null, kernel: null, duration_ms: 1, at: now }).execute();
    return a;
  };
  const pooled = await asset('127.9.132.1', chunk);
  const ordinary = await asset('127.9.132.2', plain);

  const ids = async (assetId: number): Promise<Record<string, unknown>> => {
    const f = await db.selectFrom('findings').select(['id', 'first_scan_id', 'last_scan_id', 'status_scan_id']).where('asset_id', '=', assetId).executeTakeFirstOrThrow();
    return {
      asset: (await db.selectFrom('assets').select('last_scan_id').where('id', '=', assetId).executeTakeFirstOrThrow()).last_scan_id,
      address: (await db.selectFrom('asset_addresses').select('scan_id').where('asset_id', '=', assetId).executeTakeFirstOrThrow()).scan_id,
      service: (await db.selectFrom('services').select('last_scan_id').where('asset_id', '=', assetId).executeTakeFirstOrThrow()).last_scan_id,
      software: (await db.selectFrom('software').select('last_scan_id').where('asset_id', '=', assetId).executeTakeFirstOrThrow()).last_scan_id,
      finding: [f.first_scan_id, f.last_scan_id, f.status_scan_id],
      history: (await db.selectFrom('finding_history').select('scan_id').where('finding_id', '=', f.id).executeTakeFirstOrThrow()).scan_id,
      auth: (await db.selectFrom('scan_host_auth').select('scan_id').where('asset_id', '=', assetId).executeTakeFirstOrThrow()).scan_id,
      progress: (await db.selectFrom('scan_hosts').select('scan_id').where('asset_id', '=', assetId).executeTakeFirstOrThrow()).scan_id,
    };
  };
  const want = (results: number, progress: number) => ({ asset: results, address: results, service: results, software: results, finding: [results, results, results], history: results, auth: results, progress });
  assert.deepEqual(await ids(pooled), want(chunk, chunk), 'set up under the chunk');
  for (let run = 0; run < 2; run++) {
    await moveChunkResultsToParents(db as unknown as Kysely<never>);
    assert.deepEqual(await ids(pooled), want(parent, chunk), `run ${run + 1}: results under the pool scan, progress under the chunk`);
    assert.deepEqual(await ids(ordinary), want(plain, plain), `run ${run + 1}: an ordinary scan's rows are untouched`);
  }
});
