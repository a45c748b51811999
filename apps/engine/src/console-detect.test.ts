import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { detectLocalConsole, detectPorts, isConsoleSubject } from './console-detect.ts';

test('console-on-host detection: subject table and port setting', () => {
  assert.equal(isConsoleSubject({ CN: 'Farsight Console', O: 'Farsight' }), true);
  assert.equal(isConsoleSubject({ CN: 'Farsight Console CA 1a2b', O: 'Farsight' }), false);
  assert.equal(isConsoleSubject({ CN: 'Farsight Console', O: 'Evil' }), false);
  assert.equal(isConsoleSubject(undefined), false);
  assert.deepEqual(detectPorts({}), [3780]);
  assert.deepEqual(detectPorts({ FARSIGHT_CONSOLE_DETECT_PORTS: '' }), []);
  assert.deepEqual(detectPorts({ FARSIGHT_CONSOLE_DETECT_PORTS: '3780, 8443' }), [3780, 8443]);
  assert.throws(() => detectPorts({ FARSIGHT_CONSOLE_DETECT_PORTS: '3780,http' }), /must be ports/);
});

test('a listener that is not a console (plain TCP, closes at once) is not one', async (t) => {
  const server = createServer((s) => s.destroy());
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  t.after(() => new Promise<void>((r) => server.close(() => r())));
  const port = (server.address() as { port: number }).port;
  assert.equal(await detectLocalConsole([port], 2000), undefined);
  assert.equal(await detectLocalConsole([]), undefined);
});
