// `farsight scan … | head`: a reader that closes the pipe early must not turn into an error.
// Loopback 127.0.149.201 only (no listener: every port is closed, the JSON is still printed).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';

const MAIN = new URL('./main.ts', import.meta.url).pathname;

test('closing stdout early ends the scan quietly with exit code 0', async () => {
  const child = spawn(process.execPath, [MAIN, 'scan', '127.0.149.201', '--ports', '1-50', '--no-discovery', '--no-service-detection', '--json', '--no-progress'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => { stderr += d; });
  // Read the first chunk, then close our end like `head -c 1` does.
  await once(child.stdout, 'data');
  child.stdout.destroy();
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  const [code] = await once(child, 'exit') as [number | null];
  clearTimeout(timer);
  assert.equal(code, 0, stderr);
  assert.doesNotMatch(stderr, /EPIPE|INTERNAL/);
});
