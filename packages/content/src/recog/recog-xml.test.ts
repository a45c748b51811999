import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isFarsightError } from '@farsight/common';
import { decodeXmlEntities, parseRecogXml } from './recog-xml.ts';

const doc = (body: string, attrs = 'matches="t.key" protocol="SSH" database_type="service" preference="0.5"'): string =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<fingerprints ${attrs}>\n${body}\n</fingerprints>\n`;

const invalid = (xml: string, source: string, includes: string[]): void => {
  assert.throws(
    () => parseRecogXml(xml, source),
    (e: unknown) => isFarsightError(e, 'FINGERPRINT_XML_INVALID') && includes.every((s) => e.message.includes(s)),
    includes.join(' / '),
  );
};

test('reads file attributes, fingerprints, params in order and examples with expected params', () => {
  const spec = parseRecogXml(
    doc(`
  <fingerprint pattern="^a(\\d)$" flags="REG_ICASE,REG_DOT_NEWLINE" certainty="0.9">
    <description>
      Some   product
    </description>
    <example service.version="1">a1</example>
    <example _encoding="base64" service.version="2">
      YTI=
    </example>
    <param pos="0" name="service.vendor" value="V &amp; Co"/>
    <param pos="1" name="service.version"/>
  </fingerprint>`),
    'dir/test.xml',
  );
  assert.equal(spec.source, 'test.xml');
  assert.equal(spec.matchKey, 't.key');
  assert.equal(spec.protocol, 'ssh', 'protocol is lower-cased like Recog does');
  assert.equal(spec.databaseType, 'service');
  assert.equal(spec.preference, 0.5);
  const fp = spec.fingerprints[0];
  assert.ok(fp);
  assert.equal(fp.description, 'Some product', 'whitespace collapsed and trimmed');
  assert.deepEqual(fp.flags, ['REG_ICASE', 'REG_DOT_NEWLINE']);
  assert.equal(fp.certainty, '0.9');
  assert.deepEqual(fp.params, [
    { name: 'service.vendor', pos: 0, value: 'V & Co' },
    { name: 'service.version', pos: 1, value: '' },
  ]);
  assert.deepEqual(fp.examples[0], { text: 'a1', base64: false, expected: { 'service.version': '1' } });
  assert.equal(fp.examples[1]?.text, 'a2', 'base64 decoded, whitespace ignored');
});

test('match key defaults to the file name; preference to 0.1', () => {
  const spec = parseRecogXml(doc('<fingerprint pattern="x"><description>d</description><param pos="0" name="a" value="b"/></fingerprint>', ''), 'smtp_ehlo.xml');
  assert.equal(spec.matchKey, 'smtp_ehlo');
  assert.equal(spec.preference, 0.1);
  assert.equal(spec.protocol, '');
});

test('example text keeps whitespace, CR from &#13;, entities, CDATA; comments are dropped', () => {
  const spec = parseRecogXml(
    doc(`<fingerprint pattern="x"><description>d</description>
    <example>  two  spaces&#13;
next &lt;line&gt; &#x9;tab<!-- gone --><![CDATA[ <raw & kept> ]]></example>
    <param pos="0" name="a" value="b"/></fingerprint>`),
    'f.xml',
  );
  assert.equal(spec.fingerprints[0]?.examples[0]?.text, '  two  spaces\r\nnext <line> \ttab <raw & kept> ');
});

test('attribute values: literal newlines/tabs become spaces (XML normalisation), references survive', () => {
  const spec = parseRecogXml(doc('<fingerprint pattern="a\tb&#10;c"><description>d</description><param pos="0" name="a" value="x\ny"/></fingerprint>'), 'f.xml');
  assert.equal(spec.fingerprints[0]?.pattern, 'a b\nc');
  assert.equal(spec.fingerprints[0]?.params[0]?.value, 'x y');
});

test('CRLF line ends of the file are normalised (XML end-of-line handling)', () => {
  const spec = parseRecogXml(doc('<fingerprint pattern="x"><description>d</description><example>a\nb</example><param pos="0" name="a" value="b"/></fingerprint>').replace(/\n/g, '\r\n'), 'f.xml');
  assert.equal(spec.fingerprints[0]?.examples[0]?.text, 'a\nb');
});

test('rejects DOCTYPE and ENTITY declarations before parsing, naming the file', () => {
  invalid('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><fingerprints/>', 'evil.xml', ['evil.xml', 'DOCTYPE']);
  invalid('<?xml version="1.0"?><!ENTITY a "x"><fingerprints/>', 'evil2.xml', ['evil2.xml']);
});

test('rejects malformed XML and bad structure, naming the file and the fingerprint', () => {
  invalid('<fingerprints><fingerprint pattern="x">', 'broken.xml', ['broken.xml', 'not well-formed']);
  invalid('<other/>', 'root.xml', ['root.xml', '<fingerprints>']);
  invalid(doc('<fingerprint><description>No pattern here</description><param pos="0" name="a" value="b"/></fingerprint>'), 'p.xml', ['p.xml', 'No pattern here', 'pattern']);
  invalid(doc('<fingerprint pattern="x"><description>Flagged</description><param pos="0" name="a" value="b"/></fingerprint>').replace('pattern="x"', 'pattern="x" flags="REG_EXTENDED"'), 'f.xml', ['Flagged', 'REG_EXTENDED']);
  invalid(doc('<fingerprint pattern="x"><description>Bad pos</description><param pos="one" name="a"/></fingerprint>'), 'f.xml', ['Bad pos', 'pos']);
  invalid(doc('<fingerprint pattern="x"><description>No name</description><param pos="0" value="a"/></fingerprint>'), 'f.xml', ['No name', 'name']);
  invalid(doc('<fingerprint pattern="x"><description>No params</description></fingerprint>'), 'f.xml', ['No params', 'param']);
  invalid(doc('<fingerprint pattern="x"><param pos="0" name="a" value="b"/></fingerprint>'), 'f.xml', ['description']);
  invalid(doc('<fingerprint pattern="x"><description>Enc</description><example _encoding="rot13">x</example><param pos="0" name="a" value="b"/></fingerprint>'), 'f.xml', ['Enc', 'rot13']);
  invalid(doc('<fingerprint pattern="x"><description>Child</description><example>a<b>c</b></example><param pos="0" name="a" value="b"/></fingerprint>'), 'f.xml', ['markup']);
  invalid(doc('<fingerprint pattern="x"><description>d</description><param pos="0" name="a" value="b"/></fingerprint>', 'preference="2"'), 'pref.xml', ['pref.xml', 'preference']);
});

test('entity decoding: the five XML entities and character references only', () => {
  assert.equal(decodeXmlEntities('&lt;&gt;&amp;&quot;&apos;&#65;&#x42;&#x1F600;', 'f'), '<>&"\'AB\u{1F600}');
  assert.throws(() => decodeXmlEntities('&nbsp;', 'f.xml'), (e: unknown) => isFarsightError(e, 'FINGERPRINT_XML_INVALID'));
  assert.throws(() => decodeXmlEntities('a & b', 'f.xml'), (e: unknown) => isFarsightError(e, 'FINGERPRINT_XML_INVALID'));
});
