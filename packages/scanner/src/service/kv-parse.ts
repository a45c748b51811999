/** Pure parsers for Redis (RESP, INFO) and memcached (text protocol `version`) replies. */

/** RESP array command, e.g. `PING` → `*1\r\n$4\r\nPING\r\n`. */
export function respCommand(...args: string[]): Buffer {
  return Buffer.from(`*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`, 'utf8');
}

/** One RESP reply we care about: simple string, error, or bulk string. */
export type RespReply =
  | { kind: 'simple'; text: string; end: number }
  | { kind: 'error'; text: string; end: number }
  | { kind: 'bulk'; text: string | null; end: number };

/** Parses one RESP reply at `offset`; undefined while incomplete or not RESP. */
export function parseResp(buf: Buffer, offset = 0): RespReply | undefined {
  const lf = buf.indexOf('\r\n', offset);
  if (lf < 0 || lf - offset > 8192) return undefined;
  const t = buf[offset];
  const line = buf.subarray(offset + 1, lf).toString('latin1');
  if (t === 0x2b) return { kind: 'simple', text: line, end: lf + 2 };
  if (t === 0x2d) return { kind: 'error', text: line, end: lf + 2 };
  if (t === 0x24) {
    if (!/^-?\d{1,9}$/.test(line)) return undefined;
    const len = Number(line);
    if (len < 0) return { kind: 'bulk', text: null, end: lf + 2 };
    if (buf.length < lf + 2 + len + 2) return undefined;
    return { kind: 'bulk', text: buf.subarray(lf + 2, lf + 2 + len).toString('utf8'), end: lf + 2 + len + 2 };
  }
  return undefined;
}

/** Parses up to `max` consecutive RESP replies from the start of `buf`. */
export function parseRespReplies(buf: Buffer, max: number): RespReply[] {
  const out: RespReply[] = [];
  let pos = 0;
  for (let i = 0; i < max; i++) {
    const r = parseResp(buf, pos);
    if (!r) break;
    out.push(r);
    pos = r.end;
  }
  return out;
}

/** `key:value` pairs of an INFO reply (lines starting `#` are section headers). */
export function parseRedisInfo(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  let n = 0;
  for (const line of text.split(/\r?\n/, 500)) {
    if (line === '' || line.startsWith('#')) continue;
    const i = line.indexOf(':');
    if (i <= 0) continue;
    out[line.slice(0, i)] = line.slice(i + 1).slice(0, 256);
    if (++n >= 300) break;
  }
  return out;
}

/** True when text looks like a Redis error reply to a foreign probe (e.g. our HTTP GET). */
export function looksLikeRedisError(buf: Buffer): boolean {
  return /^-(ERR|WRONGTYPE|NOAUTH|DENIED|MOVED|LOADING|MISCONF) /.test(buf.subarray(0, 64).toString('latin1'));
}

/** The version of a memcached `VERSION x.y.z` reply (text protocol), or undefined. */
export function parseMemcachedVersion(buf: Buffer): string | undefined {
  const m = /^VERSION ([^\r\n]{1,64})\r?\n/.exec(buf.subarray(0, 128).toString('latin1'));
  return m ? (m[1] ?? '').trim() : undefined;
}
