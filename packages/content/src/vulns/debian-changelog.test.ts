// The pack's Debian 12 OpenSSH fixed versions agree with Debian's own record: every Debian
// machine's /usr/share/doc/openssh-client/changelog.Debian.gz names each CVE under the package
// version that fixed it (STACK.md, "Data available offline"; CI installs openssh-server).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { loadBuiltinVulnPack } from './pack.ts';

const CHANGELOG = '/usr/share/doc/openssh-client/changelog.Debian.gz';
/** Fixed without a CVE id in the changelog entry (deb12u3: "Disable async-signal-unsafe code from the sshsigdie() function", DSA-5724-1). */
const NAMED_ELSEWHERE = new Set(['CVE-2024-6387']);

/** CVE → the first (oldest) bookworm version whose entry names it. */
function bookwormFixes(text: string): Map<string, string> {
  const out = new Map<string, string>();
  let version = '';
  for (const line of text.split('\n')) {
    const head = /^openssh \(([^)]+)\)/.exec(line);
    if (head) { version = head[1] as string; continue; }
    if (!version.includes('+deb12u')) continue;
    for (const m of line.matchAll(/CVE-\d{4}-\d{4,7}/g)) out.set(m[0], version); // entries run newest first: the last seen is the oldest
  }
  return out;
}

test('Debian 12 fixed versions in the pack match openssh\'s changelog.Debian', async (t) => {
  assert.ok(existsSync(CHANGELOG), `${CHANGELOG} is missing: install openssh-client (CI installs openssh-server)`);
  const fixes = bookwormFixes(gunzipSync(readFileSync(CHANGELOG)).toString('utf8'));
  if (fixes.size === 0) {
    t.diagnostic('this machine\'s openssh changelog has no bookworm (deb12) entries; nothing to compare');
    return;
  }
  const pack = await loadBuiltinVulnPack();
  let compared = 0;
  for (const v of pack.forProduct('openbsd:openssh')) {
    const ours = v.rule?.distroFixes.find((f) => f.distro === 'debian' && f.release === '12')?.fixed;
    const theirs = fixes.get(v.id);
    if (ours && !theirs) { assert.ok(NAMED_ELSEWHERE.has(v.id), `${v.id}: the pack says Debian 12 fixed it in ${ours}, the changelog does not name it`); continue; }
    if (!theirs) continue;
    if (!ours) { t.diagnostic(`${v.id}: the changelog names it under ${theirs}; the pack has no Debian 12 entry`); continue; }
    assert.equal(ours, theirs, `${v.id}: Debian 12 fixed version`);
    compared++;
  }
  assert.ok(compared >= 5, `${compared} CVEs compared`);
});

/** `15.8-0+deb12u1` → `15.8`; `3.0.15-1~deb12u1` → `3.0.15`. */
const upstreamOf = (debVersion: string): string => debVersion.replace(/^\d+:/, '').replace(/-[^-]*$/, '');
/** The release before a fix release: `15.8` → `15.7`, `3.0.2` → `3.0.1` (undefined for `x.0`). */
function previous(version: string): string | undefined {
  const parts = version.split('.');
  const last = Number(parts.at(-1));
  if (!Number.isInteger(last) || last === 0) return undefined;
  return [...parts.slice(0, -1), String(last - 1)].join('.');
}

/** CVE → upstream version of the oldest entry naming it, for changelogs of upstream releases (not backports). */
function upstreamFixes(text: string, pkg: string): Map<string, string> {
  const out = new Map<string, string>();
  let version = '';
  for (const line of text.split('\n')) {
    const head = new RegExp(`^${pkg} \\(([^)]+)\\)`).exec(line);
    if (head) { version = upstreamOf(head[1] as string); continue; }
    // "The fix for CVE-… was too aggressive" lines name an older CVE; only "(CVE-…)"-style and "- CVE-…" mentions count.
    for (const m of line.matchAll(/(?:\(|- )(CVE-\d{4}-\d{4,7})/g)) out.set(m[1] as string, version);
  }
  return out;
}

for (const [pkg, doc, product] of [['postgresql-15', '/usr/share/doc/postgresql-15/changelog.Debian.gz', 'postgresql:postgresql'], ['openssl', '/usr/share/doc/openssl/changelog.Debian.gz', 'openssl:openssl']] as const) {
  test(`${product}: the first fixed upstream release of each pack CVE agrees with ${pkg}'s changelog.Debian`, async (t) => {
    if (!existsSync(doc)) { t.diagnostic(`${doc} is not installed here; nothing to compare`); return; }
    const { versionInRange } = await import('../cpe/range.ts');
    const fixes = upstreamFixes(gunzipSync(readFileSync(doc)).toString('utf8'), pkg);
    const pack = await loadBuiltinVulnPack();
    let compared = 0;
    for (const v of pack.forProduct(product)) {
      const fixed = fixes.get(v.id);
      if (!fixed || !v.rule) continue;
      const inRange = (x: string): boolean => v.rule?.ranges.some((r) => versionInRange(x, r)) ?? false;
      assert.equal(inRange(fixed), false, `${v.id}: ${fixed} fixed it (${pkg} changelog) but the pack calls it affected`);
      const before = previous(fixed);
      if (before) assert.equal(inRange(before), true, `${v.id}: ${before} (the release before the fix) should be affected`);
      compared++;
    }
    t.diagnostic(`${compared} CVEs compared`);
    assert.ok(compared >= 5, `${compared} CVEs compared`);
  });
}
