/** Small request/response helpers over a capped Conn, shared by the checks' `run` functions. */
import type { Conn } from '../service/conn.ts';

/** Waits for `done`, then takes (consumes) what arrived; never throws. */
export async function readUntil(conn: Conn, done: (d: Buffer) => boolean, ms: number): Promise<Buffer> {
  await conn.wait(done, { firstMs: ms, idleMs: ms });
  return conn.consume();
}

/** Writes `data` and reads the answer until `done`. */
export async function exchange(conn: Conn, data: Buffer | string, done: (d: Buffer) => boolean, ms: number): Promise<Buffer> {
  conn.write(data);
  return readUntil(conn, done, ms);
}

/** True once a complete CRLF-terminated reply of a numeric line protocol arrived (FTP, SMTP: `nnn text`). */
export function numericReplyDone(d: Buffer): boolean {
  const lines = d.toString('latin1').split('\n');
  return lines.some((l) => /^\d{3}(?: |\r|$)/.test(l) && lines.indexOf(l) < lines.length - 1);
}

/** The code of the last complete reply line (`250`), or 0. */
export function replyCode(d: Buffer): number {
  const lines = d.toString('latin1').split('\n').filter((l) => /^\d{3}(?: |\r|$)/.test(l));
  return Number(lines[lines.length - 1]?.slice(0, 3) ?? 0);
}

/** True once `d` holds a line end. */
export function lineDone(d: Buffer): boolean {
  return d.includes(0x0a);
}
