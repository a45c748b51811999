// `npm run demo`: starts the labnet demo network on 127.0.1.x and
// scans it with `farsight scan`, printing the result table. Everything stays on loopback.
import { spawn } from 'node:child_process';
import { startLabnet } from '@farsight/labnet';

const root = new URL('..', import.meta.url).pathname;
const extra = process.argv.slice(2);
console.log('farsight demo: starting the labnet demo network (simulated hosts on 127.0.1.x) ...');
const net = await startLabnet('demo', { ttlSeconds: 600 });
const truth = net.groundTruth();
const addresses = truth.hosts.map((h) => h.address);
console.log(`farsight demo: ${addresses.length} simulated hosts up; scanning them with: farsight scan 127.0.1.0/24 ${extra.join(' ')}\n`);
const child = spawn(process.execPath, [`${root}apps/cli/src/main.ts`, 'scan', '127.0.1.0/24', ...extra], { stdio: 'inherit' });
const code = await new Promise<number>((resolve) => child.on('exit', (c) => resolve(c ?? 1)));
await net.stop();
console.log('\nfarsight demo: labnet stopped. Try `npx farsight scan --help`, or `npm run labnet -- up demo` and scan it yourself.');
process.exit(code);
