import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Scope, parseAddressSet, parseTargetList, isLoopback } from '@farsight/common';
import type { FarsightError } from '@farsight/common';
import { guardedTargets } from './scope-guard.ts';
import type { GuardOptions, GuardedTarget } from './scope-guard.ts';

interface Run {
  yielded: GuardedTarget[];
  outOfScope: [string, string, string][];
  errors: [string, string, string][];
  lookups: string[];
}

async function run(targets: string[], exclude: string[], answers: Record<string, string[] | Error>, extra: GuardOptions = {}): Promise<Run> {
  const r: Run = { yielded: [], outOfScope: [], errors: [], lookups: [] };
  const resolve = async (name: string): Promise<string[]> => {
    r.lookups.push(name);
    const a = answers[name];
    if (a === undefined) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${name}`), { code: 'ENOTFOUND' });
    if (a instanceof Error) throw a;
    return a;
  };
  const scope = new Scope({ exclude: parseAddressSet(exclude) });
  for await (const t of guardedTargets(parseTargetList(targets), scope, {
    resolve,
    onOutOfScope: (target, address, reason) => r.outOfScope.push([target, address, reason]),
    onError: (e, target) => r.errors.push([target, e.code, e.message]),
    ...extra,
  })) r.yielded.push(t);
  return r;
}

void test('a hostname resolving to an excluded loopback address is reported and never yielded', async () => {
  const r = await run(['sneaky.test', '127.0.0.2'], ['127.0.0.1'], { 'sneaky.test': ['::ffff:127.0.0.1'] });
  assert.deepEqual(r.yielded, [{ address: '127.0.0.2', hostnames: [] }]);
  assert.equal(r.outOfScope.length, 1);
  const [target, address, reason] = r.outOfScope[0] ?? [];
  assert.equal(target, 'sneaky.test');
  assert.equal(address, '127.0.0.1', 'the resolved address is canonicalised before the check');
  assert.match(reason ?? '', /excluded by '127\.0\.0\.1'/);
});

void test('literal exclusion tricks: mapped IPv6 of an excluded address is not yielded', async () => {
  const r = await run(['::ffff:127.0.0.7', '127.0.0.8'], ['127.0.0.7'], {});
  assert.deepEqual(r.yielded.map((t) => t.address), ['127.0.0.8']);
  assert.deepEqual(r.outOfScope.map(([t, a]) => [t, a]), [['127.0.0.7', '127.0.0.7']]);
});

void test('each hostname is resolved once; names sharing an address are merged; listed addresses keep their position', async () => {
  const r = await run(
    ['a.test', '127.0.0.1', 'b.test', 'A.TEST.', '127.0.0.3'],
    [],
    { 'a.test': ['127.0.0.3', '::1', '127.0.0.4'], 'b.test': ['127.0.0.4', '0:0:0:0:0:0:0:1'] },
  );
  assert.deepEqual(r.lookups.sort(), ['a.test', 'b.test']);
  assert.deepEqual(r.yielded, [
    { address: '::1', hostnames: ['a.test', 'b.test'] },
    { address: '127.0.0.4', hostnames: ['a.test', 'b.test'] },
    { address: '127.0.0.1', hostnames: [] },
    { address: '127.0.0.3', hostnames: ['a.test'] },
  ]);
  assert.deepEqual(r.outOfScope, []);
});

void test('unresolvable hostnames are reported with TARGET_UNRESOLVABLE and the scan goes on', async () => {
  const r = await run(['gone.test', 'empty.test', 'junk.test', 'boom.test', '127.0.0.1'], [], {
    'empty.test': [], 'junk.test': ['not-an-address', '127.1'], 'boom.test': new Error('resolver exploded'),
  });
  assert.deepEqual(r.yielded, [{ address: '127.0.0.1', hostnames: [] }]);
  assert.deepEqual(r.errors.map(([t, code]) => [t, code]), [
    ['gone.test', 'TARGET_UNRESOLVABLE'], ['empty.test', 'TARGET_UNRESOLVABLE'],
    ['junk.test', 'TARGET_UNRESOLVABLE'], ['boom.test', 'TARGET_UNRESOLVABLE'],
  ]);
  for (const [target, , message] of r.errors) assert.ok(message.includes(`'${target}'`), message);
  assert.match(r.errors[2]?.[2] ?? '', /not-an-address/);
});

void test('a slow resolver is bounded by resolveTimeoutMs', async () => {
  const never = (): Promise<string[]> => new Promise(() => {});
  const errors: FarsightError[] = [];
  const out: GuardedTarget[] = [];
  for await (const t of guardedTargets(parseTargetList(['slow.test', '127.0.0.1']), new Scope(), {
    resolve: never, resolveTimeoutMs: 50, onError: (e) => errors.push(e),
  })) out.push(t);
  assert.deepEqual(out.map((t) => t.address), ['127.0.0.1']);
  assert.equal(errors[0]?.code, 'TARGET_UNRESOLVABLE');
  assert.match(errors[0]?.message ?? '', /within 50 ms/);
});

void test('hostnames excluded by name are not even resolved', async () => {
  const r = await run(['printer.test', '127.0.0.1'], ['Printer.Test'], { 'printer.test': ['127.0.0.9'] });
  assert.deepEqual(r.lookups, []);
  assert.deepEqual(r.yielded.map((t) => t.address), ['127.0.0.1']);
  assert.deepEqual(r.outOfScope.map(([t, a]) => [t, a]), [['printer.test', 'printer.test']]);
});

void test('allow-list: a name resolving outside it is reported', async () => {
  const scope = new Scope({ allow: parseAddressSet(['127.0.0.0/8']) });
  const seen: string[] = [];
  const out: string[] = [];
  for await (const t of guardedTargets(parseTargetList(['x.test']), scope, {
    resolve: async () => ['127.0.0.5', '::1'], onOutOfScope: (_t, a) => seen.push(a),
  })) out.push(t.address);
  assert.deepEqual(out, ['127.0.0.5']);
  assert.deepEqual(seen, ['::1']);
});

void test('localhost through the system resolver (loopback only)', async () => {
  const out: GuardedTarget[] = [];
  for await (const t of guardedTargets(parseTargetList(['localhost']), new Scope())) out.push(t);
  assert.ok(out.length >= 1, 'localhost resolves');
  for (const t of out) {
    assert.ok(isLoopback(t.address), t.address);
    assert.deepEqual(t.hostnames, ['localhost']);
  }
  // Excluding loopback leaves nothing to scan.
  const skipped: string[] = [];
  const none: GuardedTarget[] = [];
  const scope = new Scope({ exclude: parseAddressSet(['127.0.0.0/8', '::1']) });
  for await (const t of guardedTargets(parseTargetList(['localhost']), scope, { onOutOfScope: (_t, a) => skipped.push(a) })) none.push(t);
  assert.deepEqual(none, []);
  assert.deepEqual(skipped.map((a) => a), out.map((t) => t.address));
});
