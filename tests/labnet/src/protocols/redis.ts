/** Redis RESP2 (https://redis.io/docs/latest/develop/reference/protocol-spec/): PING, INFO, AUTH, HELLO, QUIT. */
import type { RedisProfile } from '../catalog.ts';
import { guard, type ServiceContext, type Stream } from '../session.ts';

const MAX_BUFFER = 65_536;
const MAX_COMMANDS = 500;

function bulk(s: string): string {
  return `$${Buffer.byteLength(s)}\r\n${s}\r\n`;
}

/** INFO text (Server, Clients, Memory, Persistence, Replication, Keyspace). */
export function redisInfo(p: RedisProfile, ctx: ServiceContext, section: string): string {
  const major = Number(p.redisVersion.split('.')[0]);
  const parts: Record<string, string[]> = {
    server: [
      `redis_version:${p.redisVersion}`, 'redis_git_sha1:00000000', 'redis_git_dirty:0', 'redis_build_id:5a1f6e0e3c9b7d21',
      'redis_mode:standalone', `os:${p.infoOs}`, 'arch_bits:64', `gcc_version:${major >= 7 ? '12.2.0' : '9.4.0'}`, 'process_id:811',
      'run_id:3f0c6d5b7e9a1c2d4f6b8a0e2c4d6f8a1b3c5d7e', `tcp_port:${ctx.port}`, 'uptime_in_seconds:2593811', 'uptime_in_days:30',
      'hz:10', 'executable:/usr/bin/redis-server', 'config_file:/etc/redis/redis.conf',
    ],
    clients: ['connected_clients:3', 'blocked_clients:0'],
    memory: ['used_memory:1120432', 'used_memory_human:1.07M', 'maxmemory:0', 'mem_allocator:jemalloc-5.3.0'],
    persistence: ['loading:0', 'rdb_changes_since_last_save:0', 'aof_enabled:0'],
    replication: ['role:master', 'connected_slaves:0'],
    keyspace: ['db0:keys=1342,expires=12,avg_ttl=0'],
  };
  const names = section === '' || section === 'all' || section === 'everything' || section === 'default' ? Object.keys(parts) : [section];
  return names.filter((n) => parts[n]).map((n) => `# ${n[0]?.toUpperCase()}${n.slice(1)}\r\n${(parts[n] ?? []).join('\r\n')}\r\n`).join('\r\n');
}

/** Splits one command off the buffer: [args, rest] or null when incomplete. Throws on bad framing. */
export function parseResp(buf: string): [string[], string] | null {
  if (buf.startsWith('*')) {
    let i = buf.indexOf('\r\n');
    if (i < 0) return null;
    const n = Number(buf.slice(1, i));
    if (!Number.isInteger(n) || n < 0 || n > 64) throw new Error('bad multibulk length');
    const args: string[] = [];
    let pos = i + 2;
    for (let k = 0; k < n; k++) {
      if (buf[pos] === undefined) return null;
      if (buf[pos] !== '$') throw new Error("expected '$'");
      i = buf.indexOf('\r\n', pos);
      if (i < 0) return null;
      const len = Number(buf.slice(pos + 1, i));
      if (!Number.isInteger(len) || len < 0 || len > MAX_BUFFER) throw new Error('bad bulk length');
      if (buf.length < i + 2 + len + 2) return null;
      args.push(buf.slice(i + 2, i + 2 + len));
      pos = i + 2 + len + 2;
    }
    return [args, buf.slice(pos)];
  }
  const nl = buf.indexOf('\n');
  if (nl < 0) return null;
  return [buf.slice(0, nl).replace(/\r$/, '').split(' ').filter(Boolean), buf.slice(nl + 1)];
}

/** Serves one Redis connection. */
export function serveRedis(stream: Stream, ctx: ServiceContext): void {
  const p = ctx.profile as RedisProfile;
  let buf = '';
  let count = 0;
  const reply = (args: string[]): string | null => {
    const cmd = (args[0] ?? '').toLowerCase();
    // Redis drops connections that look like HTTP (cross-protocol scripting protection).
    if (cmd === 'post' || cmd === 'host:') return null;
    if (p.requireAuth && !['auth', 'quit', 'hello'].includes(cmd)) return '-NOAUTH Authentication required.\r\n';
    switch (cmd) {
      case 'ping': return args[1] === undefined ? '+PONG\r\n' : bulk(args[1]);
      case 'echo': return bulk(args[1] ?? '');
      case 'info': return bulk(redisInfo(p, ctx, (args[1] ?? '').toLowerCase()));
      case 'auth': return p.requireAuth ? '-WRONGPASS invalid username-password pair or user is disabled.\r\n'
        : '-ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?\r\n';
      case 'hello':
        if (p.requireAuth) return '-NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO <proto> AUTH <user> <pass> option can be used to authenticate the client and select the RESP protocol version at the same time\r\n';
        return `*14\r\n${['server', 'redis', 'version', p.redisVersion, 'proto'].map(bulk).join('')}:2\r\n${bulk('id')}:7\r\n${['mode', 'standalone', 'role', 'master', 'modules'].map(bulk).join('')}*0\r\n`;
      case 'dbsize': return ':1342\r\n';
      case 'quit': return '+OK\r\n';
      case '': return '';
      default: return `-ERR unknown command '${args[0] ?? ''}', with args beginning with: ${args.slice(1, 4).map((a) => `'${a}' `).join('')}\r\n`;
    }
  };
  stream.on('data', guard(stream, (d: Buffer) => {
    buf += d.toString('latin1');
    if (buf.length > MAX_BUFFER) { stream.end('-ERR Protocol error: too big inline request\r\n'); return; }
    for (;;) {
      let parsed: [string[], string] | null;
      try { parsed = parseResp(buf); } catch (e) { stream.end(`-ERR Protocol error: ${(e as Error).message}\r\n`); return; }
      if (!parsed) return;
      const [args, rest] = parsed;
      buf = rest;
      if (++count > MAX_COMMANDS) { stream.destroy(); return; }
      const out = reply(args);
      if (out === null) { stream.destroy(); return; }
      if ((args[0] ?? '').toLowerCase() === 'quit') { stream.end(out); return; }
      stream.write(out, 'latin1');
    }
  }));
}
