/**
 * What every simulated service gets: its context (host, profile, TLS) and a bounded line
 * reader for text protocols, with STARTTLS. Inputs from scanners are hostile by design, so
 * line length and bytes per connection are capped.
 */
import { TLSSocket, type SecureContext } from 'node:tls';
import type { Socket } from 'node:net';
import type { Profile } from './catalog.ts';
import type { LegacyTls, StarttlsMisbehaviour, TlsTruth } from './spec-types.ts';
import { legacyTlsFront } from './protocols/legacy-tls.ts';

/** A TCP stream from a client, plain or TLS. */
export type Stream = Socket | TLSSocket;

/** Everything a service implementation knows about where it runs. */
export interface ServiceContext {
  address: string;
  port: number;
  /** The host's first name, or `localhost` (what the software would call itself). */
  hostname: string;
  /** First label of `hostname`. */
  shortName: string;
  profile: Profile;
  tls: TlsTruth | null;
  /** The host's certificate, for STARTTLS (protocols advertise it only when set). */
  secureContext?: SecureContext;
  /** What the service does instead of a STARTTLS upgrade (hostile fixtures); absent = upgrades. */
  starttlsMisbehave?: StarttlsMisbehaviour;
  /** SSL 3.0/3DES/RC4 emulated behind the STARTTLS upgrade (the legacy front, then the real TLS server). */
  starttlsLegacy?: { legacy: LegacyTls; certDer: () => Buffer | undefined };
  /** Every name → address of the network, for DNS answers. */
  names: ReadonlyMap<string, string>;
}

/** A TCP service implementation: takes over the stream. */
export type TcpHandler = (stream: Stream, ctx: ServiceContext) => void;
/** A UDP service implementation: returns the reply datagram or null to stay silent. */
export type UdpHandler = (msg: Buffer, ctx: ServiceContext) => Buffer | null;

/** Replaces `{host}`, `{short}` and `{address}` placeholders of catalog texts. */
export function fill(text: string, ctx: ServiceContext): string {
  return text.replaceAll('{host}', ctx.hostname).replaceAll('{short}', ctx.shortName).replaceAll('{address}', ctx.address);
}

/** Wraps a stream listener so a bug or hostile input closes that connection instead of the process. */
export function guard<A extends unknown[]>(stream: Stream, fn: (...args: A) => void): (...args: A) => void {
  return (...args: A) => {
    try {
      fn(...args);
    } catch {
      stream.destroy();
    }
  };
}

const MAX_LINE = 8192;
/** What a `garbage` STARTTLS answer sends: binary junk ending in a line end. */
const STARTTLS_GARBAGE = '\x8f\x00\xfe\x16\x03\x01\xff\xffGARBAGE\x00\x7f\x80\r\n';
const MAX_BYTES = 1 << 20;

/** Hands a plaintext stream that was granted STARTTLS to `wrap`, through the legacy front when the service emulates SSL 3.0/3DES/RC4. */
export function upgradeWithFront(stream: Stream, ctx: ServiceContext, wrap: (raw: Stream) => void): void {
  const front = ctx.starttlsLegacy;
  if (front) legacyTlsFront(stream as Socket, front.legacy, front.certDer, wrap);
  else wrap(stream);
}

/** A line-oriented connection (FTP, SMTP, POP3, IMAP, memcached, Redis inline). */
export class LineConn {
  stream: Stream;
  private buf = '';
  private total = 0;
  private closed = false;
  private readonly onLine: (line: string, conn: LineConn) => void;
  private readonly listener = (d: Buffer): void => {
    try {
      this.feed(d);
    } catch {
      this.stream.destroy();
    }
  };

  constructor(stream: Stream, onLine: (line: string, conn: LineConn) => void) {
    this.stream = stream;
    this.onLine = onLine;
    stream.on('data', this.listener);
    stream.on('close', () => { this.closed = true; });
    stream.on('error', () => { this.closed = true; });
  }

  private feed(d: Buffer): void {
    this.total += d.length;
    if (this.total > MAX_BYTES) { this.stream.destroy(); return; }
    this.buf += d.toString('latin1');
    let i: number;
    while (!this.closed && (i = this.buf.indexOf('\n')) >= 0) {
      const line = this.buf.slice(0, i).replace(/\r$/, '');
      this.buf = this.buf.slice(i + 1);
      this.onLine(line, this);
    }
    if (this.buf.length > MAX_LINE) this.stream.destroy();
  }

  /** Writes text as-is (callers add CRLF). */
  write(text: string): void {
    if (!this.closed && this.stream.writable) this.stream.write(text, 'latin1');
  }

  /** Writes a last text and closes. */
  end(text?: string): void {
    if (this.closed) return;
    this.closed = true;
    if (text === undefined) this.stream.end();
    else this.stream.end(Buffer.from(text, 'latin1'));
  }

  /**
   * Plays the service's STARTTLS misbehaviour instead of answering `ok` and upgrading:
   * `garbage` answers with binary junk, `drip` sends `ok` without its line end a byte every
   * 250 ms (at most 400 bytes), `silent` never answers again, `not-tls` answers `ok` and then
   * a plaintext line instead of a ServerHello. False (nothing done) when the service behaves.
   */
  misbehaveOnStartTls(ctx: ServiceContext, ok: string): boolean {
    const m = ctx.starttlsMisbehave;
    if (m === undefined) return false;
    if (m === 'garbage') { this.write(STARTTLS_GARBAGE); return true; }
    this.stream.off('data', this.listener);
    this.stream.resume();
    if (m === 'not-tls') {
      this.write(ok);
      this.stream.once('data', () => this.end('this is not TLS\r\n'));
    } else if (m === 'drip') {
      const text = ok.replace(/\r?\n$/, '');
      let n = 0;
      const timer = setInterval(() => {
        if (this.closed || !this.stream.writable || n >= 400) { clearInterval(timer); this.end(); return; }
        this.stream.write(text[n++ % text.length] ?? ' ', 'latin1');
      }, 250);
      this.stream.on('close', () => clearInterval(timer));
    }
    return true;
  }

  /** Upgrades to TLS in place (STARTTLS); false when the host has no certificate. */
  startTls(ctx: ServiceContext): boolean {
    if (!ctx.secureContext || this.stream instanceof TLSSocket) return false;
    this.stream.off('data', this.listener);
    this.buf = '';
    const secureContext = ctx.secureContext;
    const wrap = (raw: Stream): void => {
      const secure = new TLSSocket(raw, { isServer: true, secureContext });
      secure.on('error', () => secure.destroy());
      secure.on('data', this.listener);
      this.stream = secure;
    };
    upgradeWithFront(this.stream, ctx, wrap);
    return true;
  }
}
