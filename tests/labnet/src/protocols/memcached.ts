/** memcached text protocol (https://github.com/memcached/memcached/blob/master/doc/protocol.txt): version, stats, get, quit. */
import type { MemcachedProfile } from '../catalog.ts';
import { LineConn, type ServiceContext, type Stream } from '../session.ts';

const MAX_COMMANDS = 500;

/** `stats` output. */
export function memcachedStats(p: MemcachedProfile): string {
  const now = Math.floor(Date.now() / 1000);
  const stats: [string, string | number][] = [
    ['pid', 1021], ['uptime', 1728001], ['time', now], ['version', p.memcachedVersion], ['libevent', '2.1.12-stable'],
    ['pointer_size', 64], ['rusage_user', '112.448133'], ['rusage_system', '240.011302'], ['max_connections', 1024],
    ['curr_connections', 2], ['total_connections', 48211], ['cmd_get', 1204442], ['cmd_set', 311207], ['get_hits', 1109336],
    ['get_misses', 95106], ['bytes', 52330112], ['curr_items', 20411], ['total_items', 311207], ['evictions', 0], ['threads', 4],
  ];
  return `${stats.map(([k, v]) => `STAT ${k} ${v}\r\n`).join('')}END\r\n`;
}

/** Serves one memcached connection. */
export function serveMemcached(stream: Stream, ctx: ServiceContext): void {
  const p = ctx.profile as MemcachedProfile;
  let count = 0;
  new LineConn(stream, (line, c) => {
    if (++count > MAX_COMMANDS) { c.end(); return; }
    const [cmd = ''] = line.trim().split(/\s+/);
    if (p.requireAuth && cmd !== '' && !['version', 'quit'].includes(cmd.toLowerCase())) { c.write('CLIENT_ERROR unauthenticated\r\n'); return; }
    switch (cmd.toLowerCase()) {
      case 'version': c.write(`VERSION ${p.memcachedVersion}\r\n`); return;
      case 'stats': c.write(line.trim() === 'stats' ? memcachedStats(p) : 'END\r\n'); return;
      case 'get': case 'gets': c.write('END\r\n'); return;
      case 'quit': c.end(); return;
      case '': return;
      default: c.write('ERROR\r\n');
    }
  });
}
