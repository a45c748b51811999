import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { imapCapabilities, numericReplyComplete, parseEhlo, parseImapGreeting, parseNumericReply, parsePop3Greeting, parsePop3MultiLine } from './reply-parse.ts';

const RUNS = { seed: 42, numRuns: 500 };

void test('numeric replies: single, multi-line (RFC 5321 §4.2) and FTP free text (RFC 959 §4.2)', () => {
  const single = parseNumericReply(Buffer.from('220 (vsFTPd 3.0.3)\r\nrest'));
  assert.deepEqual(single, { code: 220, lines: ['(vsFTPd 3.0.3)'], end: 20 });
  const multi = parseNumericReply(Buffer.from('220-Welcome\r\n220-to the server\r\n220 ready\r\n'));
  assert.deepEqual(multi?.lines, ['Welcome', 'to the server', 'ready']);
  const ftp = parseNumericReply(Buffer.from('230-Banner\r\n free text line\r\n230 Logged in\r\n'));
  assert.deepEqual(ftp?.lines, ['Banner', ' free text line', 'Logged in']);
  assert.equal(parseNumericReply(Buffer.from('220 Postfix (Ubuntu)   \r\n'))?.lines[0], 'Postfix (Ubuntu)   ', 'trailing spaces kept');
  assert.equal(parseNumericReply(Buffer.from('220-still going\r\n')), undefined);
  assert.equal(parseNumericReply(Buffer.from('SSH-2.0-x\r\n')), undefined);
  assert.equal(numericReplyComplete(Buffer.from('421 too many connections\n')), true);
});

void test('EHLO: domain, extensions and lines in Recog smtp_ehlo form', () => {
  const e = parseEhlo(Buffer.from('250-mail.lab Hello [127.0.0.1]\r\n250-PIPELINING\r\n250-SIZE 10240000\r\n250-STARTTLS\r\n250 SMTPUTF8\r\n'));
  assert.ok(e);
  assert.equal(e.code, 250);
  assert.equal(e.domain, 'mail.lab');
  assert.deepEqual(e.extensions, ['PIPELINING', 'SIZE 10240000', 'STARTTLS', 'SMTPUTF8']);
  assert.deepEqual(e.lines, ['250-mail.lab Hello [127.0.0.1]', '250-PIPELINING', '250-SIZE 10240000', '250-STARTTLS', '250 SMTPUTF8']);
  assert.equal(parseEhlo(Buffer.from('502 5.5.2 Error: command not recognized\r\n'))?.code, 502);
});

void test('POP3 and IMAP greetings and capabilities', () => {
  assert.equal(parsePop3Greeting(Buffer.from('+OK Dovecot (Ubuntu) ready.\r\n')), 'Dovecot (Ubuntu) ready.');
  assert.equal(parsePop3Greeting(Buffer.from('+OK\r\n')), '');
  assert.equal(parsePop3Greeting(Buffer.from('-ERR busy\r\n')), undefined);
  const g = parseImapGreeting(Buffer.from('* OK [CAPABILITY IMAP4rev1 SASL-IR STARTTLS AUTH=PLAIN] Dovecot (Ubuntu) ready.\r\n'));
  assert.deepEqual(g, { status: 'OK', text: '[CAPABILITY IMAP4rev1 SASL-IR STARTTLS AUTH=PLAIN] Dovecot (Ubuntu) ready.' });
  assert.deepEqual(imapCapabilities(g?.text ?? ''), ['IMAP4rev1', 'SASL-IR', 'STARTTLS', 'AUTH=PLAIN']);
  assert.equal(parseImapGreeting(Buffer.from('* PREAUTH ready\r\n'))?.status, 'PREAUTH');
  assert.deepEqual(parsePop3MultiLine(Buffer.from('+OK\r\nUSER\r\nSTLS\r\nSASL PLAIN\r\n.\r\n')), ['USER', 'STLS', 'SASL PLAIN']);
  assert.equal(parsePop3MultiLine(Buffer.from('+OK\r\nUSER\r\n')), undefined);
});

void test('random bytes never make the reply parsers throw', () => {
  fc.assert(fc.property(fc.uint8Array({ maxLength: 500 }), (bytes) => {
    const b = Buffer.from(bytes);
    parseNumericReply(b);
    parseNumericReply(Buffer.concat([Buffer.from('220-'), b]));
    parseEhlo(b);
    parsePop3Greeting(b);
    parseImapGreeting(b);
    parsePop3MultiLine(Buffer.concat([Buffer.from('+OK\r\n'), b]));
  }), RUNS);
});
