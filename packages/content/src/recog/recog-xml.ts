/**
 * Reads one Recog fingerprint XML document (see /work/shared/recog/fingerprints.xsd) into
 * plain data. Pure: `_filename` examples are returned unresolved for the loader to read.
 * Entities are decoded here rather than by fast-xml-parser so that exactly XML's five named
 * entities and numeric character references are accepted (a DOCTYPE is refused outright).
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { FarsightError } from '@farsight/common';

/** One `<param>`: pos 0 carries a fixed `value`, pos N takes capture group N. */
export interface ParamSpec {
  readonly name: string;
  readonly pos: number;
  readonly value: string;
}

/** One `<example>`: the banner (or a file to read it from) and the params it must yield. */
export interface ExampleSpec {
  /** The banner text; undefined while a `_filename` example is unresolved. */
  text: string | undefined;
  readonly filename?: string;
  readonly base64: boolean;
  readonly expected: Readonly<Record<string, string>>;
}

/** One `<fingerprint>` as written in the file. */
export interface FingerprintSpec {
  readonly pattern: string;
  readonly flags: readonly string[];
  readonly description: string;
  readonly certainty?: string;
  readonly examples: ExampleSpec[];
  readonly params: readonly ParamSpec[];
}

/** One fingerprint file. */
export interface RecogFileSpec {
  /** File name (e.g. `ssh_banners.xml`) used in fingerprint ids and errors. */
  readonly source: string;
  readonly matchKey: string;
  readonly protocol: string;
  readonly databaseType: string;
  readonly preference: number;
  readonly fingerprints: readonly FingerprintSpec[];
}

/** The regex flag names Recog accepts (all but REG_ICASE mean Ruby's `m`: dot matches newline). */
export const RECOG_FLAGS = ['REG_ICASE', 'REG_DOT_NEWLINE', 'REG_MULTILINE', 'REG_LINE_ANY_CRLF'] as const;

/** Recog's default database preference. */
export const DEFAULT_PREFERENCE = 0.1;

type XmlNode = Record<string, unknown>;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  textNodeName: '#text',
  // Text-bearing elements are taken raw (and decoded below): faster, and exact whitespace.
  stopNodes: ['*.example', '*.description'],
  trimValues: false,
  parseTagValue: false,
  parseAttributeValue: false,
  processEntities: false,
  alwaysCreateTextNode: true,
  isArray: (name) => name === 'fingerprint' || name === 'example' || name === 'param' || name === 'description' || name === 'fingerprints',
});

function invalid(source: string, what: string): FarsightError {
  return new FarsightError('FINGERPRINT_XML_INVALID', `${source}: ${what}`);
}

const NAMED: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Decodes XML entity and character references; unknown entities are an error. */
export function decodeXmlEntities(raw: string, source: string): string {
  if (!raw.includes('&')) return raw;
  return raw.replace(/&(?:(#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z][\w.-]*);)?/g, (all, ref: string | undefined) => {
    if (ref === undefined) throw invalid(source, `bare '&' in "${raw.slice(0, 60)}"; write &amp;`);
    if (ref.startsWith('#')) {
      const code = ref[1] === 'x' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      if (!(code >= 0 && code <= 0x10ffff)) throw invalid(source, `bad character reference ${all}`);
      return String.fromCodePoint(code);
    }
    const named = NAMED[ref];
    if (named === undefined) throw invalid(source, `unknown entity ${all} (only the five XML entities are allowed)`);
    return named;
  });
}

function attr(node: XmlNode, name: string, source: string): string | undefined {
  const v = node[`@_${name}`];
  if (v === undefined) return undefined;
  // XML attribute-value normalisation: literal tab/CR/LF become spaces; references survive.
  return decodeXmlEntities(String(v).replace(/[\t\n\r]/g, ' '), source);
}

/** Character data of a raw element body: comments dropped, CDATA kept verbatim, entities decoded. */
function text(node: XmlNode, source: string): string {
  const raw = node['#text'];
  if (typeof raw !== 'string') return '';
  let out = '';
  for (const part of raw.split(/(<!\[CDATA\[[\s\S]*?\]\]>|<!--[\s\S]*?-->)/)) {
    if (part.startsWith('<![CDATA[')) out += part.slice(9, -3);
    else if (part.startsWith('<!--')) continue;
    else if (part.includes('<')) throw invalid(source, `unexpected markup inside a text element: "${part.slice(0, 60)}"`);
    else out += decodeXmlEntities(part, source);
  }
  return out;
}

function list(node: XmlNode, name: string): XmlNode[] {
  const v = node[name];
  return Array.isArray(v) ? (v as XmlNode[]) : [];
}

/** Parses and validates one Recog XML document; `source` names it in errors and ids. */
export function parseRecogXml(xml: string, source: string): RecogFileSpec {
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) throw invalid(source, 'DOCTYPE/ENTITY declarations are not allowed in fingerprint files');
  const normalized = xml.replace(/\r\n?/g, '\n'); // XML end-of-line handling
  const valid = XMLValidator.validate(normalized);
  if (valid !== true) throw invalid(source, `not well-formed XML at line ${valid.err.line}: ${valid.err.msg}`);
  const doc = parser.parse(normalized) as XmlNode;
  const roots = list(doc, 'fingerprints');
  const root = roots[0];
  if (roots.length !== 1 || root === undefined) throw invalid(source, 'the document element must be <fingerprints>');
  const base = source.replace(/^.*[\\/]/, '');
  const prefText = attr(root, 'preference', source);
  const preference = prefText === undefined ? DEFAULT_PREFERENCE : Number(prefText);
  if (!(preference >= 0 && preference <= 1)) throw invalid(source, `preference="${prefText}" must be a number from 0 to 1`);
  return {
    source: base,
    matchKey: attr(root, 'matches', source) ?? base.replace(/\.xml$/i, ''),
    protocol: (attr(root, 'protocol', source) ?? '').toLowerCase(),
    databaseType: attr(root, 'database_type', source) ?? '',
    preference,
    fingerprints: list(root, 'fingerprint').map((fp, i) => parseFingerprint(fp, i, base)),
  };
}

function parseFingerprint(fp: XmlNode, index: number, source: string): FingerprintSpec {
  const descriptions = list(fp, 'description');
  const description = descriptions.length > 0 ? text(descriptions[0] as XmlNode, source).replace(/\s+/g, ' ').trim() : '';
  const where = `fingerprint #${index + 1} "${description}"`;
  if (descriptions.length !== 1) throw invalid(source, `${where} must have exactly one <description>`);
  const pattern = attr(fp, 'pattern', source);
  if (pattern === undefined || pattern === '') throw invalid(source, `${where} has no pattern attribute`);
  const flagText = attr(fp, 'flags', source) ?? '';
  const flags = flagText.split(',').map((f) => f.trim()).filter((f) => f !== '');
  for (const f of flags) {
    if (!(RECOG_FLAGS as readonly string[]).includes(f)) throw invalid(source, `${where} has unknown flag ${f} (allowed: ${RECOG_FLAGS.join(', ')})`);
  }
  const params = list(fp, 'param').map((p): ParamSpec => {
    const name = attr(p, 'name', source);
    const posText = attr(p, 'pos', source);
    if (!name) throw invalid(source, `${where} has a <param> without a name`);
    if (posText === undefined || !/^\d+$/.test(posText.trim())) throw invalid(source, `${where} param ${name} needs pos="0" or a capture number`);
    return { name, pos: Number(posText), value: attr(p, 'value', source) ?? '' };
  });
  if (params.length === 0) throw invalid(source, `${where} has no <param>`);
  const examples = list(fp, 'example').map((e) => parseExample(e, source, where));
  const certainty = attr(fp, 'certainty', source);
  return { pattern, flags, description, ...(certainty === undefined ? {} : { certainty }), examples, params };
}

function parseExample(e: XmlNode, source: string, where: string): ExampleSpec {
  const expected: Record<string, string> = {};
  let encoding: string | undefined;
  let filename: string | undefined;
  for (const key of Object.keys(e)) {
    if (!key.startsWith('@_')) continue;
    const name = key.slice(2);
    const value = attr(e, name, source) ?? '';
    if (name === '_encoding') encoding = value;
    else if (name === '_filename') filename = value;
    else expected[name] = value;
  }
  if (encoding !== undefined && encoding !== 'base64') throw invalid(source, `${where} has an example with unknown _encoding="${encoding}"`);
  const base64 = encoding === 'base64';
  const body = filename === undefined ? text(e, source) : undefined;
  return { text: body === undefined ? undefined : base64 ? decodeBase64(body) : body, ...(filename === undefined ? {} : { filename }), base64, expected };
}

/** Decodes base64 (whitespace ignored) to a string, one char per byte — see decodeBanner. */
export function decodeBase64(b64: string): string {
  return Buffer.from(b64.replace(/\s+/g, ''), 'base64').toString('latin1');
}
