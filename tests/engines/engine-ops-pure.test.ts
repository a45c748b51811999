// Pure pieces of the engine-operations work (table tests): the per-engine scan limit as the
// service reads it (the CLI's: apps/cli/src/commands/engines-admin.test.ts), and the chunk label
// users see instead of a chunk id.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkScanLimit } from '../../apps/console/src/services/engines-registry-settings.ts';
import { chunkLabel } from '../../apps/console/src/services/scans-pool.ts';

test('checkScanLimit: 1..64 or null; anything else is INVALID_ARGUMENT naming the value', () => {
  for (const ok of [1, 2, 64, null]) assert.equal(checkScanLimit(ok), ok);
  for (const bad of [0, 65, -1, 1.5, '2', undefined, Number.NaN, true]) {
    assert.throws(() => checkScanLimit(bad), (e: Error & { code?: string }) => e.code === 'INVALID_ARGUMENT' && /from 1 to 64, or null/.test(e.message), String(bad));
  }
});

test('chunkLabel: the bracketed label at the end of a chunk name', () => {
  const table: Array<[string, string]> = [
    ['weekly [chunk 1/3 on engine 4]', 'chunk 1/3 on engine 4'],
    ['site [x] scan [hosts moved from engine 4 to engine 5]', 'hosts moved from engine 4 to engine 5'],
    ['no label', 'chunk'],
    ['', 'chunk'],
  ];
  for (const [name, want] of table) assert.equal(chunkLabel(name), want, name);
});
