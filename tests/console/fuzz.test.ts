// Fuzzed request bodies on every POST/PUT/PATCH route give 4xx, never 5xx. Bodies are both
// random JSON and near-valid objects generated from each route's own request schema (taken from
// the generated OpenAPI document), so fuzzing reaches past validation into the services.
// Path parameters never name an existing resource, and routes that start scans or register
// engines (which could dial out) are left out: fuzzed targets must never leave 127.0.0.0/8.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { forEachDb, startTestConsole, type TestConsole } from './harness/index.ts';

const RUNS = Number(process.env.FARSIGHT_FUZZ_RUNS ?? 25);
/** Routes whose side effects reach the network: starting scans, registering engines, testing credentials. */
const NETWORK_SENSITIVE = [/\/scans(\/|$)/, /^\/api\/3\/scan_engines$/, /\/test$/];

interface JsonSchema {
  type?: string | string[]; properties?: Record<string, JsonSchema>; items?: JsonSchema; enum?: unknown[];
  anyOf?: JsonSchema[]; oneOf?: JsonSchema[]; allOf?: JsonSchema[]; required?: string[]; $ref?: string;
  minimum?: number; maximum?: number; maxLength?: number;
}

const scalar = fc.oneof(
  fc.string({ maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 20 }), fc.integer(), fc.double(), fc.boolean(), fc.constant(null),
  fc.constantFrom('', ' ', '127.0.0.1', '127.0.0.0/30', '::1', 'localhost', '127.0.0.1-127.0.0.5', '../../etc/passwd', '%00', '\u0000', 'a'.repeat(5000), '1e309', '-0', '2147483648', '__proto__', 'constructor'),
  fc.constantFrom(0, -1, 1, 2 ** 31, 2 ** 53, -(2 ** 63), Number.MAX_VALUE, 1e-300),
);
const anyJson: fc.Arbitrary<unknown> = fc.letrec<{ v: unknown }>((tie) => ({
  v: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, fc.array(tie('v'), { maxLength: 4 }), fc.dictionary(fc.string({ maxLength: 10 }), tie('v'), { maxKeys: 4 })),
})).v;

/** Near-valid values for a JSON schema: usually the right shape, sometimes anything. */
function fromSchema(s: JsonSchema | undefined, depth = 0): fc.Arbitrary<unknown> {
  if (!s || depth > 6) return anyJson;
  const alts = s.anyOf ?? s.oneOf;
  if (alts && alts.length > 0) return fc.oneof(...alts.map((a) => fromSchema(a, depth + 1)));
  if (s.allOf?.[0]) return fromSchema(s.allOf[0], depth + 1);
  let shaped: fc.Arbitrary<unknown>;
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  if (s.enum) shaped = fc.constantFrom(...s.enum);
  else if (type === 'object' || s.properties) {
    const props = Object.entries(s.properties ?? {});
    shaped = props.length === 0 ? fc.dictionary(fc.string({ maxLength: 8 }), anyJson, { maxKeys: 3 })
      : fc.record(Object.fromEntries(props.map(([k, v]) => [k, fromSchema(v, depth + 1)])), { requiredKeys: [] });
  } else if (type === 'array') shaped = fc.array(fromSchema(s.items, depth + 1), { maxLength: 5 });
  else if (type === 'integer') shaped = fc.oneof(fc.integer({ min: s.minimum ?? -5, max: Math.min(s.maximum ?? 2 ** 31, 2 ** 31) }), fc.constantFrom(2147483000, 0, -1));
  else if (type === 'number') shaped = fc.double({ noNaN: true });
  else if (type === 'boolean') shaped = fc.boolean();
  else if (type === 'string') shaped = fc.oneof(fc.string({ maxLength: Math.min(s.maxLength ?? 30, 200) }), scalar.filter((x) => typeof x === 'string'));
  else shaped = anyJson;
  return fc.oneof({ arbitrary: shaped, weight: 4 }, { arbitrary: anyJson, weight: 1 });
}

type OpenApi = { paths: Record<string, Record<string, { requestBody?: { content?: Record<string, { schema?: JsonSchema }> } }>> };

const param = fc.constantFrom('2147483000', '999999', '0', '-1', 'abc', '%2e%2e', '1.5', '99999999999999999999', '%00', 'null');

async function fuzzRoute(c: TestConsole, apiKey: string, method: string, url: string, schema: JsonSchema | undefined): Promise<string | null> {
  const body = fc.oneof({ arbitrary: fromSchema(schema), weight: 3 }, { arbitrary: anyJson, weight: 1 });
  const raw = fc.constantFrom('{', '{"a":', 'null', '[]', '""', '\u0000', '{"__proto__":{"x":1}}', '{"constructor":{"prototype":{"y":1}}}', '[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]');
  const nParams = (url.match(/:[A-Za-z0-9_]+/g) ?? []).length;
  const result = await fc.check(fc.asyncProperty(fc.array(param, { minLength: nParams, maxLength: nParams }), fc.oneof({ arbitrary: body.map((b) => ({ json: b })), weight: 9 }, { arbitrary: raw.map((r) => ({ raw: r })), weight: 1 }), async (params, b) => {
    let i = 0;
    const path = url.replace(/:[A-Za-z0-9_]+/g, () => params[i++] ?? '1');
    const res = 'raw' in b
      ? await c.request(method, path, { auth: { apiKey }, body: b.raw, headers: { 'content-type': 'application/json' } })
      : await c.request(method, path, { auth: { apiKey }, body: b.json === undefined ? null : b.json });
    if (res.status >= 500 || res.status < 200) throw new Error(`${method} ${path} → ${res.status} ${res.text.slice(0, 300)}`);
  }), { numRuns: RUNS, seed: Number(process.env.FARSIGHT_FUZZ_SEED ?? Date.now() % 2 ** 31) });
  return result.failed ? `${method} ${url}: ${fc.defaultReportMessage(result) ?? 'failed'}` : null;
}

forEachDb('fuzz: hostile bodies on every POST/PUT/PATCH route give 4xx, never 5xx', async (t, db) => {
  const c = await startTestConsole({ db, auth: { failureRateMax: 1_000_000, loginRateMax: 1_000_000 } });
  t.after(() => c.stop());
  // An API key survives fuzzed password changes and lockouts of the admin account.
  const key = (await c.request('POST', '/api/farsight/api_keys', { body: { name: 'fuzz' } })).body.key as string;
  const doc = (await c.request('GET', '/api/farsight/openapi.json')).body as OpenApi;
  const targets = c.routes.filter((r) => ['POST', 'PUT', 'PATCH'].includes(r.method) && !NETWORK_SENSITIVE.some((re) => re.test(r.url)));
  assert.ok(targets.length >= 5, `expected mutating routes, got ${targets.length}`);
  const failures: string[] = [];
  for (const r of targets) {
    const oaPath = r.url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    const schema = doc.paths[oaPath]?.[r.method.toLowerCase()]?.requestBody?.content?.['application/json']?.schema;
    const f = await fuzzRoute(c, key, r.method, r.url, schema);
    if (f) failures.push(f);
  }
  t.diagnostic(`fuzzed ${targets.length} routes × ${RUNS} bodies (skipped network-sensitive: ${c.routes.filter((r) => ['POST', 'PUT', 'PATCH'].includes(r.method) && NETWORK_SENSITIVE.some((re) => re.test(r.url))).map((r) => `${r.method} ${r.url}`).join(', ') || 'none'})`);
  assert.deepEqual(failures, []);
  // The console still works after the barrage.
  assert.equal((await c.request('GET', '/api/farsight/session', { auth: { apiKey: key } })).status, 200);
});
