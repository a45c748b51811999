/**
 * Recognises a protocol from the first bytes a server sent, whether unprompted (a banner) or
 * in answer to a probe meant for another protocol. Pure; decides as early as it can.
 */
import { looksLikeHttp } from './http-parse.ts';
import { looksLikeRedisError } from './kv-parse.ts';
import { mongoMessageNeed } from './mongo-wire.ts';
import { mysqlPacketNeed, parseMysqlGreeting } from './mysql-parse.ts';
import { parsePgAnswer, pgMessageNeed } from './postgres-parse.ts';
import { numericReplyComplete } from './reply-parse.ts';
import { parseSshIdentification } from './ssh-parse.ts';
import { startsWithIac } from './telnet-parse.ts';

/** Protocols the classifier can name. `numeric` is a `220 …` greeting of FTP, SMTP or NNTP. */
export type Classified =
  | 'ssh' | 'numeric' | 'pop3' | 'imap' | 'mysql' | 'telnet' | 'vnc' | 'http'
  | 'redis' | 'memcached' | 'mongodb' | 'postgresql' | 'tls' | 'rtsp' | 'sip';

const TELNET_PROMPT = /(login|username|password)\s*:\s*$/i;

/**
 * Names the protocol of `buf` (bytes from `port`), or undefined when unrecognised.
 * `unsolicited` is true for a banner (nothing sent yet): there `-ERR` is a POP3 refusal.
 */
export function classify(buf: Buffer, port: number, unsolicited = false): Classified | undefined {
  if (buf.length === 0) return undefined;
  const head = buf.subarray(0, 256).toString('latin1');
  if (unsolicited && /^-ERR\b/.test(head)) return 'pop3';
  if (head.startsWith('SSH-') || /^(?:[^\n]{0,1024}\n){1,19}SSH-\d/.test(head)) return 'ssh';
  if (startsWithIac(buf)) return 'telnet';
  if (/^RFB \d{3}\.\d{3}/.test(head)) return 'vnc';
  if (looksLikeHttp(buf)) return 'http';
  if (/^RTSP\/\d\.\d \d{3}/.test(head)) return 'rtsp';
  if (/^SIP\/2\.0 \d{3}/.test(head)) return 'sip';
  if (/^\+OK\b/.test(head)) return 'pop3';
  if (/^\* (OK|PREAUTH|BYE)\b/i.test(head)) return 'imap';
  if (/^\d{3}[ -]/.test(head)) return 'numeric';
  if (looksLikeRedisError(buf) || /^\+PONG\r\n/.test(head)) return 'redis';
  // memcached answers our `GET / HTTP/1.1` as a `get` of key `/` (END) plus ERROR per line.
  if (/^(ERROR|CLIENT_ERROR|SERVER_ERROR)[^\n]{0,200}\r\n/.test(head) || /^VERSION \d/.test(head) || /^END\r\n(ERROR\r\n)*/.test(head)) return 'memcached';
  if (/trying to access MongoDB over HTTP/i.test(head) || mongoMessageNeed(buf) === 0) return 'mongodb';
  if (buf[0] === 0x16 || buf[0] === 0x15) {
    // A TLS record (handshake or alert) with a plausible version: RFC 8446 §5.1.
    if (buf[1] === 0x03 && (buf[2] ?? 9) <= 0x04) return 'tls';
  }
  if (mysqlPacketNeed(buf) === 0 && parseMysqlGreeting(buf)) return 'mysql';
  if (pgMessageNeed(buf) === 0 && parsePgAnswer(buf)) return 'postgresql';
  if (port === 23 || TELNET_PROMPT.test(head.trimEnd())) return 'telnet';
  return undefined;
}

/**
 * True when the banner bytes are complete enough to act on (so the banner wait can end
 * early): a full identification line, a full numeric reply, a whole MySQL packet, …
 */
export function bannerComplete(buf: Buffer): boolean {
  const head = buf.subarray(0, 8).toString('latin1');
  if (head.startsWith('SSH-') || buf.includes('\nSSH-')) return parseSshIdentification(buf) !== undefined;
  if (startsWithIac(buf)) return buf.length >= 3;
  if (/^RFB /.test(head)) return buf.length >= 12;
  if (/^\d{3}[ -]/.test(head)) return numericReplyComplete(buf);
  if (/^(\+OK|\* |-ERR)/.test(head)) return buf.includes(0x0a);
  const mysql = mysqlPacketNeed(buf);
  if (mysql === 0) return true;
  if (mysql > 0 && buf.length >= 5 && buf[4] === 10) return false;
  return buf.includes(0x0a);
}
