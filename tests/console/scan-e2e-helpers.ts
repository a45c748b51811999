/**
 * Helpers for the scan suites (scan-e2e, scan-e2e-lifecycle, ingest, resume): a labnet
 * template and site created through the API, waiting for a scan, reading a site's assets.
 */
import assert from 'node:assert/strict';
import type { Labnet } from '@farsight/labnet';
import type { TestConsole } from './harness/index.ts';

/** A JSON object from an API response. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON
export type Json = Record<string, any>;

/** The minimal client the helpers need (a TestConsole, or a console run as a child process). */
export type ApiClient = Pick<TestConsole, 'request'>;

/**
 * A template that scans every ground-truth port without discovery (loopback answers RST everywhere).
 * It runs no version or active checks unless `extra.checkCategories` asks for them: these suites
 * count the findings of the test check (`testCheck` in the scan body) alone.
 */
export async function labnetTemplate(c: ApiClient, net: Labnet, extra: Record<string, unknown> = {}): Promise<string> {
  const truth = net.groundTruth();
  const tcp = [...new Set(truth.hosts.flatMap((h) => h.services.filter((s) => s.protocol === 'tcp').map((s) => s.port)))];
  const udp = [...new Set([53, 123, 161, ...truth.hosts.flatMap((h) => h.services.filter((s) => s.protocol === 'udp').map((s) => s.port))])];
  const r = await c.request('POST', '/api/3/scan_templates', { body: { name: `labnet ${Date.now()}`, copyOf: 'full-audit', farsight: {
    tcpPorts: `T:1-1024,${tcp.join(',')}`, udpPorts: `U:${udp.join(',')}`, discovery: { enabled: false },
    performance: { serviceTimeoutMs: 4000 }, checkCategories: [], ...extra,
  } } });
  assert.equal(r.status, 201, r.text);
  return r.body.id as string;
}

/** Creates a site over the labnet's hosts with that template; returns its id. */
export async function labnetSite(c: ApiClient, net: Labnet, templateId: string, name = 'labnet'): Promise<number> {
  const r = await c.request('POST', '/api/3/sites', { body: { name, scanTemplateId: templateId, scan: { assets: { includedTargets: { addresses: net.hosts } } } } });
  assert.equal(r.status, 201, r.text);
  return r.body.id as number;
}

/** Polls a scan until it reaches one of `states` (bounded: 4 minutes). */
export async function waitForScan(c: ApiClient, scanId: number, states: string[] = ['finished'], limitMs = 240_000): Promise<Json> {
  const end = Date.now() + limitMs;
  let last: Json = {};
  while (Date.now() < end) {
    const r = await c.request('GET', `/api/3/scans/${scanId}`);
    last = r.body as Json;
    if (states.includes(String(last.state))) return last;
    if (['error', 'stopped', 'finished'].includes(String(last.state))) break;
    await new Promise((res) => setTimeout(res, 250));
  }
  const log = await c.request('GET', `/api/farsight/scans/${scanId}/log`);
  assert.fail(`scan ${scanId} is ${String(last.state)} (${String(last.message)}), wanted ${states.join('|')}\n${log.text.slice(-3000)}`);
}

/** Every asset of a site (all pages). */
export async function siteAssets(c: ApiClient, siteId: number): Promise<Json[]> {
  const out: Json[] = [];
  for (let page = 0; page < 100; page++) {
    const r = await c.request('GET', `/api/3/sites/${siteId}/assets?size=500&page=${page}`);
    assert.equal(r.status, 200, r.text);
    out.push(...(r.body.resources as Json[]));
    if (page + 1 >= r.body.page.totalPages) break;
  }
  return out;
}

