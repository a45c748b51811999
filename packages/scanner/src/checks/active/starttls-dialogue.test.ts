// STARTTLS dialogue as data: which services offer the upgrade, when an answer is complete,
// and which answers grant it (table tests; the sockets are tested in tests/checks).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ServiceResult } from '../../types.ts';
import { STARTTLS_DIALOGUES, STEP_MAX_BYTES, starttlsProtocolOf, starttlsVia, withVia, type StarttlsProtocol } from './starttls-dialogue.ts';

const svc = (name: string, params: Record<string, string>, extra: Partial<ServiceResult> = {}): ServiceResult => ({ port: 1, protocol: 'tcp', state: 'open', name, params, evidence: [], ...extra });

test('starttlsProtocolOf: only services that advertised the upgrade', () => {
  const rows: [string, ServiceResult, StarttlsProtocol | undefined][] = [
    ['SMTP with STARTTLS', svc('smtp', { 'smtp.extensions': 'PIPELINING,SIZE 10240000,STARTTLS,8BITMIME' }), 'smtp'],
    ['submission with starttls (case)', svc('submission', { 'smtp.extensions': 'starttls' }), 'smtp'],
    ['SMTP without STARTTLS', svc('smtp', { 'smtp.extensions': 'PIPELINING,SIZE 10240000' }), undefined],
    ['SMTP without EHLO evidence', svc('smtp', {}), undefined],
    ['STARTTLS as part of another word', svc('smtp', { 'smtp.extensions': 'XSTARTTLS' }), undefined],
    ['implicit TLS smtps', svc('smtps', { 'smtp.extensions': 'STARTTLS' }, { tunnel: 'ssl' }), undefined],
    ['IMAP', svc('imap', { 'imap.capabilities': 'IMAP4rev1,SASL-IR,STARTTLS,AUTH=PLAIN' }), 'imap'],
    ['IMAP without', svc('imap', { 'imap.capabilities': 'IMAP4rev1,LOGINDISABLED' }), undefined],
    ['POP3 STLS', svc('pop3', { 'pop3.capabilities': 'USER,STLS' }), 'pop3'],
    ['POP3 STARTTLS is not the POP3 word', svc('pop3', { 'pop3.capabilities': 'USER,STARTTLS' }), undefined],
    ['FTP AUTH TLS', svc('ftp', { 'ftp.features': 'EPRT,AUTH TLS,PASV' }), 'ftp'],
    ['FTP AUTH TLS;SSL', svc('ftp', { 'ftp.features': 'AUTH SSL;TLS' }), 'ftp'],
    ['FTP AUTH SSL only', svc('ftp', { 'ftp.features': 'AUTH SSL' }), undefined],
    ['PostgreSQL S', svc('postgresql', { 'postgresql.ssl': 'supported' }), 'postgresql'],
    ['PostgreSQL N', svc('postgresql', { 'postgresql.ssl': 'not supported' }), undefined],
    ['UDP', svc('smtp', { 'smtp.extensions': 'STARTTLS' }, { protocol: 'udp' }), undefined],
    ['HTTP', svc('http', { 'smtp.extensions': 'STARTTLS' }), undefined],
  ];
  for (const [name, s, want] of rows) assert.equal(starttlsProtocolOf(s), want, name);
});

test('proofs name the upgrade and the port', () => {
  assert.equal(starttlsVia('smtp', 587), 'SMTP STARTTLS on port 587');
  assert.equal(withVia('notAfter x', starttlsVia('ftp', 21)), 'notAfter x; seen over FTP STARTTLS (AUTH TLS) on port 21');
  assert.equal(withVia('notAfter x', undefined), 'notAfter x');
  for (const p of Object.keys(STARTTLS_DIALOGUES) as StarttlsProtocol[]) assert.match(starttlsVia(p, 1), /STARTTLS.* on port 1$/);
});

const B = (s: string): Buffer => Buffer.from(s, 'latin1');
/** [protocol, step index, answer, done?, refusal pattern or undefined when granted]. */
const ANSWERS: [StarttlsProtocol, number, Buffer, boolean, RegExp | undefined][] = [
  ['smtp', 0, B('220 mx.lab ESMTP Postfix\r\n'), true, undefined],
  ['smtp', 0, B('220-mx.lab ESMTP\r\n220 second line\r\n'), true, undefined],
  ['smtp', 0, B('220-mx.lab ESMTP\r\n'), false, /no 220 reply/],
  ['smtp', 0, B('554 5.7.1 go away\r\n'), true, /not 220/],
  ['smtp', 0, B('\x16\x03\x01\x00\x05garbage\r\n'), true, /no 220 reply/],
  ['smtp', 1, B('250-mx.lab\r\n250-STARTTLS\r\n250 8BITMIME\r\n'), true, undefined],
  ['smtp', 2, B('220 2.0.0 Ready to start TLS\r\n'), true, undefined],
  ['smtp', 2, B('220 2.0.0 Ready to start TLS'), false, /no 220 reply/],
  ['smtp', 2, B('454 4.7.0 TLS not available due to local problem\r\n'), true, /STARTTLS answered '454.*not 220/],
  ['smtp', 2, B('220 2.0.0 Ready\r\n250 injected'), true, /bytes after the reply/],
  ['smtp', 2, B('2'), false, /no 220 reply/],
  ['smtp', 2, B('\x8f\x00\xfe garbage\r\n'), true, /no 220 reply to STARTTLS: '\\x8f\\x00\\xfe garbage/],
  ['imap', 0, B('* OK [CAPABILITY IMAP4rev1 STARTTLS] Dovecot ready.\r\n'), true, undefined],
  ['imap', 0, B('* BYE too many connections\r\n'), true, /greeting answered/],
  ['imap', 1, B('a1 OK Begin TLS negotiation now.\r\n'), true, undefined],
  ['imap', 1, B('* CAPABILITY IMAP4rev1\r\na1 OK Begin TLS\r\n'), true, undefined],
  ['imap', 1, B('* CAPABILITY IMAP4rev1\r\n'), false, /no tagged answer/],
  ['imap', 1, B('a1 BAD unknown command\r\n'), true, /STARTTLS answered 'a1 BAD/],
  ['imap', 1, B('garbage line\r\n'), true, /STARTTLS answered 'garbage line'/],
  ['pop3', 0, B('+OK Dovecot ready.\r\n'), true, undefined],
  ['pop3', 1, B('+OK Begin TLS negotiation now.\r\n'), true, undefined],
  ['pop3', 1, B('-ERR Unknown command.\r\n'), true, /STLS answered '-ERR/],
  ['pop3', 1, B('+OK begin'), false, /no answer line/],
  ['ftp', 0, B('220-Welcome\r\nsome text\r\n220 ready\r\n'), true, undefined],
  ['ftp', 1, B('234 AUTH TLS OK.\r\n'), true, undefined],
  ['ftp', 1, B('500 AUTH not understood\r\n'), true, /not 234/],
  ['postgresql', 0, B('S'), true, undefined],
  ['postgresql', 0, B('N'), true, /answered N/],
  ['postgresql', 0, B('SE'), true, /not S/],
  ['postgresql', 0, B(''), false, /not S/],
];

test('each step: when an answer is complete, and whether it grants the upgrade', () => {
  for (const [proto, i, answer, done, refusal] of ANSWERS) {
    const step = STARTTLS_DIALOGUES[proto][i];
    assert.ok(step, `${proto} step ${i}`);
    const label = `${proto} ${step.what} ← ${JSON.stringify(answer.toString('latin1'))}`;
    assert.equal(step.done(answer), done, `done: ${label}`);
    const why = step.refuse(answer);
    if (refusal) assert.match(why ?? '', refusal, label);
    else assert.equal(why, undefined, label);
  }
});

test('a flood ends every step (done) and the dialogues send what the RFCs name', () => {
  const flood = Buffer.alloc(STEP_MAX_BYTES + 1, 0x41);
  for (const steps of Object.values(STARTTLS_DIALOGUES)) for (const s of steps) assert.equal(s.done(flood), true, s.what);
  const sent = (p: StarttlsProtocol): string[] => STARTTLS_DIALOGUES[p].flatMap((s) => (s.send === undefined ? [] : [Buffer.from(s.send).toString('latin1')]));
  assert.deepEqual(sent('smtp'), ['EHLO farsight.invalid\r\n', 'STARTTLS\r\n']);
  assert.deepEqual(sent('imap'), ['a1 STARTTLS\r\n']);
  assert.deepEqual(sent('pop3'), ['STLS\r\n']);
  assert.deepEqual(sent('ftp'), ['AUTH TLS\r\n']);
  assert.equal(Buffer.from(STARTTLS_DIALOGUES.postgresql[0]?.send ?? '').toString('hex'), '0000000804d2162f');
});
