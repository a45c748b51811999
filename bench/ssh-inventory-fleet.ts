// The emulated fleet of the SSH inventory benches: an Ubuntu 22.04 machine with ~700 generated
// packages and changelog CVEs (optionally a share of versions differing per host), and a
// synthetic Ubuntu advisory feed of any size. Shared by bench/ssh-inventory.ts (over SSH) and
// bench/ssh-inventory-match.ts (matching alone).
import { parseOsv } from '@farsight/content/osv/index';
import type { OsvAdvisory } from '@farsight/content/osv/index';
import { CHANGELOG_COMMAND, DPKG_COMMAND } from '@farsight/scanner/auth/commands';
import { UBUNTU } from '../tests/e2e/auth-fixtures/profiles.ts';

/** Command string → canned reply of one emulated host. */
export type HostCommands = typeof UBUNTU.commands;

/** Host `host`'s copy of generated package `i` differs from the fleet's (a stable pseudo-random pick). */
export function differs(host: number, i: number, vary: number): boolean {
  return vary > 0 && ((Math.imul(host + 1, 2654435761) ^ Math.imul(i + 1, 40503)) >>> 0) % 10_000 < vary * 10_000;
}

/** A realistic machine: the Ubuntu profile plus ~700 generated packages and changelog entries. */
export function bigUbuntu(host = 0, vary = 0): HostCommands {
  const rows: string[] = [];
  const changelog: string[] = [];
  for (let i = 0; i < 700; i++) {
    const v = `${i % 7}.${i % 13}.${i}-${i % 5}ubuntu0.${i % 3}${differs(host, i, vary) ? `+h${host}` : ''}`;
    rows.push(`pkg${i}-lib\t${v}\tpkg${i}\t${v}\tamd64\tii \n`);
    if (i % 3 === 0) changelog.push(`@@/usr/share/doc/pkg${i}-lib/changelog.Debian.gz\npkg${i} (${i % 7}.${i % 13}.${i}-${i % 5}ubuntu0.${i % 3})\nCVE-2023-${1000 + i}\nCVE-2024-${2000 + i}\npkg${i} (${i % 7}.${i % 13}.${i}-${i % 5})\n`);
  }
  const base = UBUNTU.commands;
  return {
    ...base,
    [DPKG_COMMAND.command]: { stdout: `${base[DPKG_COMMAND.command]?.stdout ?? ''}${rows.join('')}` },
    [CHANGELOG_COMMAND.command]: { stdout: `${base[CHANGELOG_COMMAND.command]?.stdout ?? ''}${changelog.join('')}` },
  };
}

/** A large feed: Ubuntu 22.04 advisories, a third naming installed packages, the rest other packages. */
export function syntheticAdvisories(count: number): OsvAdvisory[] {
  return Array.from({ length: count }, (_, i) => parseOsv({
    id: `UBUNTU-CVE-2099-${String(i).padStart(5, '0')}`, modified: '2026-11-01T00:00:00Z', upstream: [`CVE-2099-${String(i).padStart(5, '0')}`],
    affected: [{ package: { ecosystem: 'Ubuntu:22.04:LTS', name: i % 3 === 0 ? `pkg${i % 700}` : `other${i}` }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: `${i % 7}.${i % 13}.${i % 700}-${i % 5}ubuntu0.${i % 4}` }] }] }],
  }));
}
