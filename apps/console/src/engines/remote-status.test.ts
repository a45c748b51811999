import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ENGINE_STATES, STATUS_EVENTS, STATUS_TRANSITIONS, nextState, silenceEvent, thresholdsFromEnv } from './remote-status.ts';

test('status machine: the documented walks', () => {
  const table: Array<[string, (typeof STATUS_EVENTS)[number][], string]> = [
    ['active', ['silent'], 'unknown'],
    ['active', ['silent', 'silent-long'], 'down'],
    ['active', ['silent', 'heartbeat'], 'active'],
    ['down', ['session-ready'], 'active'],
    ['pending-authorization', ['heartbeat', 'silent', 'silent-long', 'disconnected'], 'pending-authorization'],
    ['pending-authorization', ['session-ready'], 'active'],
    ['active', ['incompatible', 'disconnected', 'silent-long'], 'incompatible'],
    ['active', ['revoked', 'heartbeat'], 'active'],
    ['active', ['disconnected', 'silent-long'], 'down'],
    ['unknown', ['connect-failed'], 'down'],
  ];
  for (const [from, events, want] of table) {
    let s = from as (typeof ENGINE_STATES)[number];
    for (const e of events) s = nextState(s, e);
    assert.equal(s, want, `${from} + ${events.join(',')}`);
  }
});

test('every state has a row and every target is a state', () => {
  for (const s of ENGINE_STATES) {
    assert.ok(STATUS_TRANSITIONS[s], s);
    for (const [e, to] of Object.entries(STATUS_TRANSITIONS[s])) {
      assert.ok((STATUS_EVENTS as readonly string[]).includes(e), e);
      assert.ok((ENGINE_STATES as readonly string[]).includes(to), to);
    }
  }
});

test('silence thresholds and their environment overrides', () => {
  const t = thresholdsFromEnv({});
  assert.deepEqual(t, { heartbeatMs: 5000, unknownAfterMs: 15_000, downAfterMs: 60_000 });
  assert.equal(silenceEvent(14_999, t), undefined);
  assert.equal(silenceEvent(15_000, t), 'silent');
  assert.equal(silenceEvent(60_000, t), 'silent-long');
  assert.deepEqual(thresholdsFromEnv({ FARSIGHT_ENGINE_HEARTBEAT_MS: '200', FARSIGHT_ENGINE_DOWN_AFTER_MS: '100' }), { heartbeatMs: 200, unknownAfterMs: 600, downAfterMs: 600 });
  assert.deepEqual(thresholdsFromEnv({ FARSIGHT_ENGINE_HEARTBEAT_MS: 'x' }).heartbeatMs, 5000);
});

test('docs/engines.md lists every transition of the table', () => {
  const doc = readFileSync(new URL('../../../../docs/engines.md', import.meta.url), 'utf8');
  for (const s of ENGINE_STATES) {
    for (const [e, to] of Object.entries(STATUS_TRANSITIONS[s])) {
      if (to === s) continue;
      assert.match(doc, new RegExp(`\\| ${s} \\| ${e} \\| ${to} \\|`), `${s} --${e}--> ${to} missing from docs/engines.md`);
    }
  }
});
