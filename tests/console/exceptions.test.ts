// Vulnerability definitions and exceptions: the v3 routes, the submit → approve/reject/recall
// workflow with its permission rules, expiry (driven by an injected clock through the services,
// on the same database the API uses), and which findings an exception covers.
import assert from 'node:assert/strict';
import { forEachDb, startTestConsole, assertMatchesV3, type TestAuth, type TestConsole } from './harness/index.ts';
import { upsertVulnerability } from '../../apps/console/src/services/vulnerabilities.ts';
import { getException, isExcepted, loadExceptionMatcher, reviewException } from '../../apps/console/src/services/exceptions.ts';
import { displayState } from '../../apps/console/src/services/exceptions-rules.ts';
import type { Actor } from '../../apps/console/src/services/actor.ts';

const DAY = 86_400_000;

async function seedVulns(c: TestConsole): Promise<void> {
  await upsertVulnerability(c.db, {
    id: 'farsight-ssh-weak-kex', title: 'SSH server offers weak key exchange', description: 'diffie-hellman-group1-sha1 <offered>',
    cvss: { v3: { vector: 'CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:N/A:N', score: 5.9 } }, cves: ['CVE-2015-4000'], categories: ['ssh'],
    references: [{ source: 'url', reference: 'https://weakdh.org/', url: 'https://weakdh.org/' }], published: '2015-05-20',
  });
  await upsertVulnerability(c.db, { id: 'farsight-test-check', title: 'Test check', severity: 'Critical', cvss: { v2: { vector: 'AV:N/AC:L/Au:N/C:C/I:C/A:C', score: 10 } } });
}

forEachDb('vulnerabilities: upserted definitions in v3 shape', async (t, db) => {
  const c = await startTestConsole({ db });
  t.after(() => c.stop());
  await seedVulns(c);
  await upsertVulnerability(c.db, { id: 'FARSIGHT-SSH-WEAK-KEX', title: 'SSH server offers weak key exchange algorithms', cvss: { v3: { vector: 'CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:N/A:N', score: 5.9 } } });
  const list = await c.request('GET', '/api/3/vulnerabilities?sort=severity,DESC');
  assert.equal(list.status, 200);
  assertMatchesV3(list, 'PageOf«Vulnerability»');
  assert.deepEqual(list.body.resources.map((v: { id: string }) => v.id), ['farsight-test-check', 'farsight-ssh-weak-kex']);
  const one = await c.request('GET', '/api/3/vulnerabilities/farsight-ssh-weak-kex');
  assertMatchesV3(one, 'Vulnerability');
  assert.equal(one.body.title, 'SSH server offers weak key exchange algorithms', 'upsert updates');
  assert.deepEqual([one.body.severity, one.body.severityScore, one.body.cvss.v3.score, one.body.cvss.v3.attackComplexity], ['Severe', 6, 5.9, 'H']);
  assert.equal(one.body.description.text, '', 'the second upsert replaced the description');
  const crit = (await c.request('GET', '/api/3/vulnerabilities/farsight-test-check')).body;
  assert.deepEqual([crit.severity, crit.severityScore, crit.cvss.v2.accessVector], ['Critical', 10, 'N']);
  assert.equal((await c.request('GET', '/api/3/vulnerabilities/nope')).status, 404);
  await assert.rejects(upsertVulnerability(c.db, { id: 'x', title: 't', cvss: { v3: { vector: 'CVSS:3.1/AV:Q', score: 5 } } }), /base metric AV/);
  await assert.rejects(upsertVulnerability(c.db, { id: 'x', title: 't' }), /severity/);
  await assert.rejects(upsertVulnerability(c.db, { id: 'x', title: 't', severity: 'Severe', cves: ['CVE-1'] }), /CVE-1/);
});

forEachDb('exceptions: submit → approve / reject / recall, with review rules', async (t, db) => {
  const c = await startTestConsole({ db });
  t.after(() => c.stop());
  await seedVulns(c);
  const site = (await c.request('POST', '/api/3/sites', { body: { name: 'E' } })).body.id as number;
  const other = (await c.request('POST', '/api/3/sites', { body: { name: 'F' } })).body.id as number;
  const owner = await c.createUser('site-owner', [site]);
  const admin2 = await c.createUser('global-admin');

  const submit = (body: unknown, auth: TestAuth = 'admin') => c.request('POST', '/api/3/vulnerability_exceptions', { body, auth });
  const siteBody = { scope: { type: 'Site', id: site, vulnerability: 'farsight-ssh-weak-kex' }, submit: { reason: 'Compensating Control', comment: 'SSH only on the jump VLAN' } };
  const s1 = await submit(siteBody, owner);
  assert.equal(s1.status, 201, s1.text);
  assertMatchesV3(s1, 'CreatedReference«VulnerabilityExceptionID,Link»');
  const e1 = s1.body.id as number;
  const got = await c.request('GET', `/api/3/vulnerability_exceptions/${e1}`, { auth: owner });
  assertMatchesV3(got, 'VulnerabilityException');
  assert.equal(got.body.state, 'Under Review');
  assert.deepEqual(got.body.scope, { type: 'Site', id: site, vulnerability: 'farsight-ssh-weak-kex', links: got.body.scope.links });
  assert.deepEqual([got.body.submit.reason, got.body.submit.name, got.body.submit.user], ['Compensating Control', owner.user, owner.id]);

  const denied = await c.request('POST', `/api/3/vulnerability_exceptions/${e1}/approve`, { auth: owner });
  assert.equal(denied.status, 403);
  assert.equal(denied.body.code, 'PERMISSION_DENIED');
  assert.equal((await submit({ ...siteBody, scope: { ...siteBody.scope, id: other } }, owner)).status, 403, 'not the owner\'s site');
  assert.equal((await submit({ ...siteBody, scope: { type: 'Global', vulnerability: 'farsight-ssh-weak-kex' } }, owner)).status, 403, 'Global is for admins');
  for (const [body, re] of [
    [{ ...siteBody, submit: { reason: 'because' } }, /'because'/],
    [{ ...siteBody, scope: { ...siteBody.scope, vulnerability: 'nope' } }, /'nope' is not a known vulnerability/],
    [{ ...siteBody, scope: { type: 'Asset Group', id: 1, vulnerability: 'farsight-ssh-weak-kex' } }, /Asset Group/],
    [{ ...siteBody, scope: { ...siteBody.scope, port: 22 } }, /Instance/],
    [{ ...siteBody, expires: '2001-01-01T00:00:00Z' }, /past/],
  ] as const) {
    const r = await submit(body);
    assert.equal(r.status, 400, r.text);
    assert.match(r.body.message, re);
  }

  const ok = await c.request('POST', `/api/3/vulnerability_exceptions/${e1}/approve`, { body: JSON.stringify('verified the ACL'), auth: admin2 });
  assert.equal(ok.status, 200, ok.text);
  const approved = (await c.request('GET', `/api/3/vulnerability_exceptions/${e1}`)).body;
  assert.equal(approved.state, 'Approved');
  assert.deepEqual([approved.review.name, approved.review.user, approved.review.comment], [admin2.user, admin2.id, 'verified the ACL']);
  const again = await c.request('POST', `/api/3/vulnerability_exceptions/${e1}/reject`);
  assert.equal(again.status, 409);
  assert.equal(again.body.code, 'EXCEPTION_STATE_INVALID');

  const e2 = (await submit({ scope: { type: 'Instance', id: 7, vulnerability: 'farsight-test-check', port: 22 }, submit: { reason: 'False Positive' } }, owner)).body.id as number;
  assert.equal((await c.request('POST', `/api/3/vulnerability_exceptions/${e2}/reject`, { body: 'not a false positive', headers: { 'content-type': 'text/plain' } })).status, 200);
  assert.equal((await c.request('GET', `/api/3/vulnerability_exceptions/${e2}`)).body.state, 'Rejected');
  assert.equal((await c.request('POST', `/api/3/vulnerability_exceptions/${e2}/approve`)).status, 409, 'a rejected exception stays rejected');

  // Recall: the submitter withdraws (state Deleted); someone else cannot.
  const e3 = (await submit({ scope: { type: 'Site', id: site, vulnerability: 'farsight-test-check' }, submit: { reason: 'acceptable-use' } }, owner)).body.id as number;
  const otherOwner = await c.createUser('site-owner', [site]);
  assert.equal((await c.request('POST', `/api/3/vulnerability_exceptions/${e3}/recall`, { auth: otherOwner })).status, 403);
  assert.equal((await c.request('POST', `/api/3/vulnerability_exceptions/${e3}/recall`, { auth: owner })).status, 200);
  assert.equal((await c.request('GET', `/api/3/vulnerability_exceptions/${e3}`)).body.state, 'Deleted');

  // A global admin may review their own submission (decided: single-admin deployments); audited as such.
  const e4 = (await submit({ scope: { type: 'Global', vulnerability: 'farsight-test-check' }, submit: { reason: 'Other', comment: 'lab only' } })).body.id as number;
  assert.equal((await c.request('POST', `/api/3/vulnerability_exceptions/${e4}/approve`)).status, 200);
  const self = await c.db.selectFrom('audit_log').select('details').where('action', '=', 'exception.approve').where('target_id', '=', String(e4)).executeTakeFirstOrThrow();
  assert.equal(JSON.parse(self.details ?? '{}').selfReview, true);

  const ownerList = await c.request('GET', '/api/3/vulnerability_exceptions', { auth: owner });
  assertMatchesV3(ownerList, 'PageOf«VulnerabilityException»');
  assert.deepEqual(ownerList.body.resources.map((e: { id: number }) => e.id), [e1, e2, e3, e4]);
  const stranger = await c.createUser('user', [other]);
  assert.deepEqual((await c.request('GET', '/api/3/vulnerability_exceptions', { auth: stranger })).body.resources.map((e: { id: number }) => e.id), [e4], 'others see Global ones and their sites\' only');
  assert.equal((await c.request('GET', `/api/3/vulnerability_exceptions/${e1}`, { auth: stranger })).status, 404);

  assert.equal((await c.request('DELETE', `/api/3/vulnerability_exceptions/${e2}`, { auth: owner })).status, 403, 'submitters delete only while under review');
  assert.equal((await c.request('DELETE', `/api/3/vulnerability_exceptions/${e2}`)).status, 200);
  assert.equal((await c.request('GET', `/api/3/vulnerability_exceptions/${e2}`)).status, 404);
  const actions = (await c.db.selectFrom('audit_log').select('action').where('action', 'like', 'exception.%').execute()).map((r) => r.action);
  assert.deepEqual(actions, ['exception.submit', 'exception.approve', 'exception.submit', 'exception.reject', 'exception.submit', 'exception.recall', 'exception.submit', 'exception.approve', 'exception.delete']);
});

forEachDb('exceptions: expiry (injected clock) and scope matching', async (t, db) => {
  const c = await startTestConsole({ db });
  t.after(() => c.stop());
  await seedVulns(c);
  const now = Date.now();
  const site = (await c.request('POST', '/api/3/sites', { body: { name: 'X' } })).body.id as number;
  const reviewer = await c.createUser('global-admin');
  const expires = new Date(now + 2 * DAY).toISOString();
  const create = async (scope: Record<string, unknown>, exp?: string): Promise<number> => {
    const r = await c.request('POST', '/api/3/vulnerability_exceptions', { body: { scope: { vulnerability: 'farsight-ssh-weak-kex', ...scope }, submit: { reason: 'Acceptable Risk' }, ...(exp ? { expires: exp } : {}) } });
    assert.equal(r.status, 201, r.text);
    const id = r.body.id as number;
    assert.equal((await c.request('POST', `/api/3/vulnerability_exceptions/${id}/approve`, { auth: reviewer })).status, 200);
    return id;
  };
  const finding = { vulnerabilityId: 'farsight-ssh-weak-kex', assetId: 40, siteIds: [site], port: 22, key: 'kex' };
  assert.equal(await isExcepted(c.db, finding), undefined, 'nothing approved yet');

  const inst = await create({ type: 'Instance', id: 40, port: 22, key: 'kex' }, expires);
  assert.equal((await c.request('GET', `/api/3/vulnerability_exceptions/${inst}/expires`)).body, expires);
  assert.deepEqual(await isExcepted(c.db, finding), { exceptionId: inst, reason: 'acceptable-risk', scopeType: 'instance', expires });
  assert.equal(await isExcepted(c.db, { ...finding, port: 2222 }), undefined, 'other port');
  assert.equal(await isExcepted(c.db, { ...finding, key: 'other' }), undefined, 'other instance key');
  assert.equal(await isExcepted(c.db, { ...finding, vulnerabilityId: 'farsight-test-check' }), undefined, 'other vulnerability');
  // Expiry: the same exception stops applying once the (injected) clock passes it.
  assert.equal(await isExcepted(c.db, finding, new Date(now + 3 * DAY)), undefined);
  const later = await getException(c.db, { userId: null, login: 'system', role: 'global-admin' }, inst);
  assert.equal(displayState(later, new Date(now + 3 * DAY)), 'Expired');
  assert.equal((await c.request('GET', `/api/3/vulnerability_exceptions/${inst}`)).body.state, 'Approved', 'still approved by the wall clock');

  const asset = await create({ type: 'Asset', id: 40 });
  assert.equal((await isExcepted(c.db, { ...finding, port: 2222 }))?.exceptionId, asset);
  assert.equal((await isExcepted(c.db, finding))?.exceptionId, inst, 'the narrowest scope wins');
  assert.equal((await isExcepted(c.db, finding, new Date(now + 3 * DAY)))?.exceptionId, asset, 'a broader one still applies after the narrow one expires');
  const siteEx = await create({ type: 'Site', id: site });
  assert.equal((await isExcepted(c.db, { ...finding, assetId: 41 }))?.exceptionId, siteEx);
  assert.equal(await isExcepted(c.db, { ...finding, assetId: 41, siteIds: [site + 1] }), undefined);
  const global = await create({ type: 'Global' }, new Date(now + DAY).toISOString());
  const match = await loadExceptionMatcher(c.db, new Date(now + DAY / 2));
  assert.equal(match({ ...finding, assetId: 42, siteIds: [] })?.exceptionId, global);
  assert.equal((await loadExceptionMatcher(c.db, new Date(now + 2 * DAY)))({ ...finding, assetId: 42, siteIds: [] }), undefined);

  // Reviewing needs an unexpired exception; a pending one past its expiry cannot be approved.
  const pending = (await c.request('POST', '/api/3/vulnerability_exceptions', { body: { scope: { type: 'Global', vulnerability: 'farsight-test-check' }, submit: { reason: 'Other' }, expires } })).body.id as number;
  const reviewerActor: Actor = { userId: reviewer.id, login: reviewer.user, role: 'global-admin' };
  await assert.rejects(reviewException(c.db, reviewerActor, pending, 'approve', null, new Date(now + 3 * DAY)), /expired/);
  // Moving the expiry: past dates are refused; an empty body clears it.
  assert.equal((await c.request('PUT', `/api/3/vulnerability_exceptions/${inst}/expires`, { body: JSON.stringify('2001-01-01T00:00:00Z') })).status, 400);
  assert.equal((await c.request('PUT', `/api/3/vulnerability_exceptions/${inst}/expires`, { body: JSON.stringify('') })).status, 200);
  assert.equal(await isExcepted(c.db, finding, new Date(now + 30 * DAY)).then((m) => m?.exceptionId), inst, 'no expiry: applies indefinitely');
  const owner = await c.createUser('site-owner', [site]);
  const byOwner = (await c.request('POST', '/api/3/vulnerability_exceptions', { auth: owner, body: { scope: { type: 'Site', id: site, vulnerability: 'farsight-test-check' }, submit: { reason: 'Other' } } })).body.id as number;
  assert.equal((await c.request('PUT', `/api/3/vulnerability_exceptions/${byOwner}/expires`, { auth: owner, body: JSON.stringify(expires) })).status, 200, 'the submitter may set it while under review');
  assert.equal((await c.request('POST', `/api/3/vulnerability_exceptions/${byOwner}/approve`, { auth: reviewer })).status, 200);
  const stretch = await c.request('PUT', `/api/3/vulnerability_exceptions/${byOwner}/expires`, { auth: owner, body: JSON.stringify(new Date(now + 300 * DAY).toISOString()) });
  assert.equal(stretch.status, 403, 'an approved exception is not stretched without review');
  assert.equal(stretch.body.code, 'EXCEPTION_REVIEW_FORBIDDEN');
});
