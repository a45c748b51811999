/**
 * `conf/consoles.xml`: the consoles this engine knows. Pure parse / validate / serialise.
 * Any `<!DOCTYPE` (entity expansion, external entities) is refused before the parser sees
 * the text; every attribute is validated, and ids and fingerprints must be unique.
 *
 * ```xml
 * <consoles>
 *   <console id="4f0c…" name="Farsight console on hq" lastAddress="127.0.0.1" enabled="0"
 *            fingerprint="AB:CD:…" direction="standard"/>
 *   <console id="…" name="…" lastAddress="…" enabled="1" fingerprint="…" direction="reverse"
 *            host="console.example" port="40815" engineId="7"/>
 * </consoles>
 * ```
 */
import { XMLParser } from 'fast-xml-parser';
import { z } from 'zod';
import { FarsightError } from '@farsight/common';

const fingerprint = z.string().regex(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/, 'a SHA-256 fingerprint AA:BB:… (32 bytes, upper-case hex)');
const consoleSchema = z.object({
  id: z.string().regex(/^[0-9a-f]{16}$/, '16 lower-case hex digits'),
  name: z.string().max(256),
  lastAddress: z.string().max(64),
  enabled: z.enum(['0', '1']),
  fingerprint,
  direction: z.enum(['standard', 'reverse']).default('standard'),
  host: z.string().max(253).optional(),
  port: z.coerce.number().int().min(1).max(65535).optional(),
  engineId: z.coerce.number().int().min(1).max(2 ** 31 - 1).optional(),
}).strict();

/** One console entry. */
export interface ConsoleEntry {
  id: string;
  name: string;
  lastAddress: string;
  enabled: boolean;
  /** SHA-256 fingerprint of the console's engine CA: what trust is keyed on (never the address). */
  fingerprint: string;
  /** Who dials: the console (standard) or this engine (reverse, after pairing). */
  direction: 'standard' | 'reverse';
  /** Where to dial (reverse). */
  host?: string;
  port?: number;
  /** This engine's id in that console (reverse). */
  engineId?: number;
}

/** Largest consoles.xml accepted. */
export const CONSOLES_XML_MAX_BYTES = 1024 * 1024;

function bad(message: string): FarsightError {
  return new FarsightError('ENGINE_CONFIG_INVALID', `conf/consoles.xml: ${message}; fix the file (or delete it to start over) and reload the engine`);
}

/** The console id for a CA fingerprint (first 16 hex digits of it, lower case, colons dropped). */
export function consoleIdOf(fp: string): string {
  return fp.replace(/:/g, '').toLowerCase().slice(0, 16);
}

const PREDEFINED: Record<string, string> = { amp: '&', quot: '"', lt: '<', gt: '>', apos: "'" };

/** Decodes the five predefined XML entities in attribute values (the parser's entity processing stays off). */
function unescapeAll(raw: unknown): unknown {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return raw;
  return Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, typeof v === 'string' ? v.replace(/&(amp|quot|lt|gt|apos);/g, (_m, n: string) => PREDEFINED[n] ?? '') : v]));
}

/** Parses and validates the file's text; throws ENGINE_CONFIG_INVALID naming the problem. */
export function parseConsolesXml(text: string): ConsoleEntry[] {
  if (Buffer.byteLength(text, 'utf8') > CONSOLES_XML_MAX_BYTES) throw bad(`larger than ${CONSOLES_XML_MAX_BYTES} bytes`);
  if (/<!DOCTYPE/i.test(text)) throw bad('a DOCTYPE is not allowed (no entities, no external references)');
  if (/<!ENTITY/i.test(text)) throw bad('entity declarations are not allowed');
  let doc: unknown;
  try {
    doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', processEntities: false, parseAttributeValue: false, isArray: (n) => n === 'console' }).parse(text, true);
  } catch (e) {
    throw bad(`not well-formed XML: ${(e as Error).message.split('\n')[0]}`);
  }
  const root = (doc as { consoles?: unknown }).consoles;
  if (root === undefined) throw bad('the root element must be <consoles>');
  const list = root === '' ? [] : (root as { console?: unknown[] }).console ?? [];
  if (!Array.isArray(list)) throw bad('<console> entries are malformed');
  const out: ConsoleEntry[] = [];
  for (const [i, raw] of list.entries()) {
    const r = consoleSchema.safeParse(unescapeAll(raw));
    if (!r.success) {
      const issue = r.error.issues[0];
      throw bad(`console #${i + 1}: ${issue ? `${issue.path.join('.') || 'element'}: ${issue.message}` : 'invalid'}`);
    }
    const c = r.data;
    if (out.some((o) => o.id === c.id || o.fingerprint === c.fingerprint)) throw bad(`console #${i + 1}: id ${c.id} / fingerprint appears twice`);
    if (c.direction === 'reverse' && (c.host === undefined || c.port === undefined)) throw bad(`console #${i + 1}: a reverse console needs host and port`);
    out.push({
      id: c.id, name: c.name, lastAddress: c.lastAddress, enabled: c.enabled === '1', fingerprint: c.fingerprint, direction: c.direction,
      ...(c.host !== undefined ? { host: c.host } : {}), ...(c.port !== undefined ? { port: c.port } : {}), ...(c.engineId !== undefined ? { engineId: c.engineId } : {}),
    });
  }
  return out;
}

function attr(v: string): string {
  return v.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/[\r\n\t]/g, ' ');
}

/** Serialises entries (the inverse of parseConsolesXml). */
export function serializeConsolesXml(entries: readonly ConsoleEntry[]): string {
  const lines = entries.map((c) => {
    const a: Array<[string, string | number | undefined]> = [
      ['id', c.id], ['name', c.name], ['lastAddress', c.lastAddress], ['enabled', c.enabled ? '1' : '0'], ['fingerprint', c.fingerprint],
      ['direction', c.direction], ['host', c.host], ['port', c.port], ['engineId', c.engineId],
    ];
    return `  <console ${a.filter(([, v]) => v !== undefined).map(([k, v]) => `${k}="${attr(String(v))}"`).join(' ')}/>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<!-- Consoles this engine knows. Set enabled="1" to authorize one, then reload (SIGHUP) or restart. -->\n<consoles>\n${lines.join('\n')}${lines.length ? '\n' : ''}</consoles>\n`;
}
