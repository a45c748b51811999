/**
 * PostgreSQL frontend/backend protocol 3.0 (PostgreSQL docs, "Message Formats"): our
 * SSLRequest and StartupMessage, and classification of the server's first message.
 */

/** SSLRequest: length 8, code 80877103 (1234 << 16 | 5679). */
export function buildSslRequest(): Buffer {
  const b = Buffer.alloc(8);
  b.writeInt32BE(8, 0);
  b.writeInt32BE(80877103, 4);
  return b;
}

/** StartupMessage for protocol 3.0 with a user and database that should not exist. */
export function buildStartup(user = 'farsight', database = 'farsight'): Buffer {
  const params = Buffer.from(`user\0${user}\0database\0${database}\0application_name\0farsight\0\0`, 'utf8');
  const b = Buffer.alloc(8);
  b.writeInt32BE(8 + params.length, 0);
  b.writeInt32BE(196608, 4);
  return Buffer.concat([b, params]);
}

/** The server's answer to a StartupMessage. */
export type PgAnswer =
  | { kind: 'auth'; method: number; methodName: string; saslMechanisms?: string[] }
  | { kind: 'error'; fields: Record<string, string> }
  | { kind: 'legacy-error'; message: string };

const AUTH_NAMES: Record<number, string> = {
  0: 'ok (trust)', 2: 'kerberos-v5', 3: 'cleartext-password', 5: 'md5-password', 7: 'gss', 8: 'gss-continue', 9: 'sspi', 10: 'sasl',
};

/** Bytes still missing for the first backend message; -1 when not PostgreSQL-like. */
export function pgMessageNeed(buf: Buffer): number {
  if (buf.length < 1) return 1;
  const t = buf[0];
  if (t !== 0x52 /* R */ && t !== 0x45 /* E */ && t !== 0x4e /* N */) return -1;
  if (buf.length < 5) return 5 - buf.length;
  const len = buf.readInt32BE(1);
  if (len < 4 || len > 16 * 1024) {
    // Servers before protocol 3.0 answered with 'E' followed by a NUL-terminated message.
    if (t === 0x45) return buf.indexOf(0, 1) > 0 ? 0 : 1;
    return -1;
  }
  return Math.max(0, 1 + len - buf.length);
}

/** Parses the first backend message after StartupMessage; undefined when not PostgreSQL. */
export function parsePgAnswer(buf: Buffer): PgAnswer | undefined {
  if (pgMessageNeed(buf) !== 0) return undefined;
  const t = buf[0];
  const len = buf.readInt32BE(1);
  if (t === 0x45 && (len < 4 || len > 16 * 1024)) {
    const end = buf.indexOf(0, 1);
    return { kind: 'legacy-error', message: buf.subarray(1, end).toString('utf8').slice(0, 512) };
  }
  const body = buf.subarray(5, 1 + len);
  if (t === 0x52) {
    if (body.length < 4) return undefined;
    const method = body.readInt32BE(0);
    const ans: PgAnswer = { kind: 'auth', method, methodName: AUTH_NAMES[method] ?? `method ${method}` };
    if (method === 10) ans.saslMechanisms = body.subarray(4).toString('latin1').split('\0').filter((s) => s !== '').slice(0, 10);
    return ans;
  }
  const fields: Record<string, string> = {};
  let pos = 0;
  for (let i = 0; i < 30 && pos < body.length; i++) {
    const code = body[pos];
    if (code === 0 || code === undefined) break;
    const end = body.indexOf(0, pos + 1);
    if (end < 0) break;
    fields[String.fromCharCode(code)] = body.subarray(pos + 1, end).toString('utf8').slice(0, 512);
    pos = end + 1;
  }
  if (fields.S === undefined && fields.C === undefined && fields.M === undefined) return undefined;
  return { kind: 'error', fields };
}
