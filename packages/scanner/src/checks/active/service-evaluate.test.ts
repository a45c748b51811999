// Pure verdicts of the FTP, SMTP, data store, Telnet and SNMP checks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateFtpAnonymous, evaluateFtpWritable } from './ftp-anonymous.ts';
import { evaluateRelay, evaluateVrfyExpn } from './smtp-checks.ts';
import { evaluateMemcached, evaluateMongo, evaluateRedis } from './db-unauth.ts';
import { evaluateSnmp, evaluateTelnet } from './telnet-snmp.ts';

const S = { port: 21, protocol: 'tcp' as const };
const ids = (fs: { id: string; instance?: string }[]): string[] => fs.map((f) => f.id + (f.instance ? `[${f.instance}]` : ''));

test('FTP anonymous and writable', () => {
  const ok = { greeting: '220 (vsFTPd 3.0.5)', user: '331 Please specify the password.', pass: '230 Login successful.' };
  assert.deepEqual(ids(evaluateFtpAnonymous(ok, S)), ['farsight-ftp-anonymous-login']);
  assert.deepEqual(ids(evaluateFtpAnonymous({ ...ok, pass: '530 Login incorrect.' }, S)), []);
  assert.deepEqual(ids(evaluateFtpAnonymous({ greeting: '421 Too many users' }, S)), []);
  assert.deepEqual(ids(evaluateFtpWritable({ ...ok, dir: 'farsight-probe-1', mkd: '257 "/farsight-probe-1" created', rmd: '250 ok' }, S)), ['farsight-ftp-anonymous-writable']);
  assert.match(evaluateFtpWritable({ ...ok, dir: 'd', mkd: '257 created', rmd: '550 no' }, S)[0]?.proof ?? '', /NOT removed/);
  assert.deepEqual(ids(evaluateFtpWritable({ ...ok, dir: 'd', mkd: '550 Permission denied.' }, S)), []);
});

test('SMTP relay and VRFY/EXPN', () => {
  const base = { greeting: '220 mx ESMTP', from: 'a@example.org', to: 'a@example.net' };
  assert.deepEqual(ids(evaluateRelay({ ...base, mail: '250 2.1.0 Ok', rcpt: '250 2.1.5 Ok' }, S)), ['farsight-smtp-open-relay']);
  assert.deepEqual(ids(evaluateRelay({ ...base, mail: '250 2.1.0 Ok', rcpt: '554 5.7.1 Relay access denied' }, S)), []);
  assert.deepEqual(ids(evaluateRelay({ ...base, mail: '530 5.7.0 Authentication required' }, S)), []);
  assert.deepEqual(ids(evaluateVrfyExpn({ greeting: '220', vrfyKnown: '252 2.0.0 root', vrfyUnknown: '550 5.1.1 unknown', unknownName: 'x', expn: '502 5.5.2' }, S)), ['farsight-smtp-vrfy-enabled']);
  assert.deepEqual(ids(evaluateVrfyExpn({ greeting: '220', vrfyKnown: '252 2.1.0 Administrative prohibition', vrfyUnknown: '252 2.1.0 Administrative prohibition', expn: '550' }, S)), [], 'a blanket 252 proves nothing');
  assert.deepEqual(ids(evaluateVrfyExpn({ greeting: '220', vrfyKnown: '502 disabled', vrfyUnknown: '502 disabled', expn: '250 2.1.5 <admin@mx>' }, S)), ['farsight-smtp-expn-enabled']);
});

test('data stores', () => {
  assert.deepEqual(ids(evaluateRedis('$120\r\n# Server\r\nredis_version:7.2.4\r\n', S)), ['farsight-redis-unauthenticated']);
  assert.deepEqual(ids(evaluateRedis('-NOAUTH Authentication required.\r\n', S)), []);
  assert.deepEqual(ids(evaluateRedis('+OK\r\n', S)), []);
  assert.deepEqual(ids(evaluateMemcached('STAT pid 1\r\nSTAT version 1.6.21\r\nEND\r\n', S)), ['farsight-memcached-unauthenticated']);
  assert.deepEqual(ids(evaluateMemcached('CLIENT_ERROR unauthenticated\r\n', S)), []);
  assert.deepEqual(ids(evaluateMongo({ ok: true, databases: ['admin', 'app'] }, S)), ['farsight-mongodb-unauthenticated']);
  assert.deepEqual(ids(evaluateMongo({ ok: false, databases: [], error: 'command listDatabases requires authentication' }, S)), []);
});

test('Telnet and SNMP', () => {
  assert.deepEqual(ids(evaluateTelnet('Ubuntu 22.04 LTS\r\nlogin:', S)), ['farsight-telnet-enabled']);
  assert.deepEqual(ids(evaluateSnmp({ answers: [{ community: 'public', version: 'SNMPv2c', sysDescr: 'Linux' }, { community: 'private', version: 'SNMPv2c', sysDescr: 'Linux' }] }, S)),
    ['farsight-snmp-default-community[public]', 'farsight-snmp-default-community[private]']);
  assert.deepEqual(ids(evaluateSnmp({ answers: [] }, S)), []);
});
