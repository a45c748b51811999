/**
 * Canned machines for the in-process SSH test hosts: Ubuntu 22.04, Rocky Linux 9 and
 * Alpine 3.19, each with the command output a real one gives and its ground truth (which
 * built-in advisories must report it vulnerable, which invulnerable).
 */
import { APK_COMMAND, CHANGELOG_COMMAND, DPKG_COMMAND, RPM_COMMAND, SOCKETS_COMMAND, SYSTEM_COMMAND } from '@farsight/scanner/auth/commands';
import type { CannedReply } from './ssh-test-host.ts';

/** A canned machine and what a correct scan must conclude. */
export interface Profile {
  name: string;
  commands: Record<string, CannedReply>;
  ecosystem: string;
  packageCount: number;
  kernelRelease: string;
  /** Finding id + package, sorted, that the built-in advisories must produce. */
  vulnerable: string[];
  /** Advisory id + package that must be judged invulnerable. */
  invulnerable: string[];
  /** Finding ids whose verdict must be `potential` (changelog names the CVE). */
  potential: string[];
  sockets: string[];
}

function system(uname: string, arch: string, osRelease: string, extra: Record<string, string> = {}): string {
  const sec = (name: string, body: string): string => `@@${name}\n${body}${body ? '\n' : ''}`;
  return sec('uname-r', uname) + sec('uname-m', arch) + sec('os-release', osRelease)
    + sec('lsb-release', extra.lsb ?? '') + sec('redhat-release', extra.redhat ?? '') + sec('alpine-release', extra.alpine ?? '')
    + sec('debian_version', extra.debian ?? '') + '@@end\n';
}

const SS = 'tcp   LISTEN 0      128          0.0.0.0:22        0.0.0.0:*\n'
  + 'tcp   LISTEN 0      511        127.0.0.1:8080      0.0.0.0:*\n'
  + 'tcp   LISTEN 0      128             [::]:22           [::]:*\n'
  + 'udp   UNCONN 0      0      127.0.0.53%lo:53        0.0.0.0:*\n';
const SOCKETS = ['tcp 0.0.0.0 22', 'tcp :: 22', 'tcp 127.0.0.1 8080', 'udp 127.0.0.53 53'];

const dpkg = (rows: string[][]): string => rows.map((r) => `${r.join('\t')}\tii \n`).join('');

/** Ubuntu 22.04 with an old OpenSSH and curl, a fixed glibc and sudo, and a curl changelog that names the CVE. */
export const UBUNTU: Profile = {
  name: 'ubuntu-22.04',
  commands: {
    [SYSTEM_COMMAND.command]: { stdout: system('5.15.0-91-generic', 'x86_64', 'PRETTY_NAME="Ubuntu 22.04.3 LTS"\nNAME="Ubuntu"\nVERSION_ID="22.04"\nVERSION="22.04.3 LTS (Jammy Jellyfish)"\nID=ubuntu\nID_LIKE=debian', { debian: 'bookworm/sid' }) },
    [DPKG_COMMAND.command]: {
      stdout: dpkg([
        ['openssh-server', '1:8.9p1-3ubuntu0.6', 'openssh', '1:8.9p1-3ubuntu0.6', 'amd64'],
        ['openssh-client', '1:8.9p1-3ubuntu0.6', 'openssh', '1:8.9p1-3ubuntu0.6', 'amd64'],
        ['libc6:amd64', '2.35-0ubuntu3.8', 'glibc', '2.35-0ubuntu3.8', 'amd64'],
        ['libc-bin', '2.35-0ubuntu3.8', 'glibc', '2.35-0ubuntu3.8', 'amd64'],
        ['curl', '7.81.0-1ubuntu1.13', 'curl', '7.81.0-1ubuntu1.13', 'amd64'],
        ['libcurl4:amd64', '7.81.0-1ubuntu1.13', 'curl', '7.81.0-1ubuntu1.13', 'amd64'],
        ['sudo', '1.9.9-1ubuntu2.4', 'sudo', '1.9.9-1ubuntu2.4', 'amd64'],
        ['linux-image-5.15.0-91-generic', '5.15.0-91.101', 'linux-signed', '5.15.0-91.101', 'amd64'],
        ['bash', '5.1-6ubuntu1', 'bash', '5.1-6ubuntu1', 'amd64'],
      ]) + 'oldpkg\t1.0-1\toldpkg\t1.0-1\tamd64\trc \n',
    },
    [SOCKETS_COMMAND.command]: { stdout: SS },
    [CHANGELOG_COMMAND.command]: {
      stdout: '@@/usr/share/doc/curl/changelog.Debian.gz\ncurl (7.81.0-1ubuntu1.13)\nCVE-2023-38545\nCVE-2023-38546\ncurl (7.81.0-1ubuntu1.12)\n'
        + '@@/usr/share/doc/sudo/changelog.Debian.gz\nsudo (1.9.9-1ubuntu2.4)\nsudo (1.9.9-1ubuntu2.2)\nCVE-2023-22809\n',
    },
  },
  ecosystem: 'Ubuntu:22.04:LTS',
  packageCount: 9,
  kernelRelease: '5.15.0-91-generic',
  vulnerable: ['CVE-2023-38545 curl', 'CVE-2024-6387 openssh'],
  invulnerable: ['UBUNTU-CVE-2023-22809 sudo', 'UBUNTU-CVE-2023-4911 glibc'],
  potential: ['CVE-2023-38545'],
  sockets: SOCKETS,
};

const rpm = (rows: string[][]): string => rows.map((r) => `${r.join('\t')}\n`).join('');

/** Rocky Linux 9.3: old OpenSSH, fixed glibc, running an old kernel while a fixed one is installed. */
export const ROCKY: Profile = {
  name: 'rocky-9',
  commands: {
    [SYSTEM_COMMAND.command]: { stdout: system('5.14.0-362.8.1.el9_3.x86_64', 'x86_64', 'NAME="Rocky Linux"\nVERSION="9.3 (Blue Onyx)"\nID="rocky"\nID_LIKE="rhel centos fedora"\nVERSION_ID="9.3"\nPRETTY_NAME="Rocky Linux 9.3 (Blue Onyx)"', { redhat: 'Rocky Linux release 9.3 (Blue Onyx)' }) },
    [RPM_COMMAND.command]: {
      stdout: rpm([
        ['openssh', '(none)', '8.7p1', '34.el9', 'x86_64', 'openssh-8.7p1-34.el9.src.rpm'],
        ['openssh-server', '(none)', '8.7p1', '34.el9', 'x86_64', 'openssh-8.7p1-34.el9.src.rpm'],
        ['glibc', '(none)', '2.34', '100.el9', 'x86_64', 'glibc-2.34-100.el9.src.rpm'],
        ['kernel-core', '(none)', '5.14.0', '362.8.1.el9_3', 'x86_64', 'kernel-5.14.0-362.8.1.el9_3.src.rpm'],
        ['kernel-core', '(none)', '5.14.0', '362.24.1.el9_3', 'x86_64', 'kernel-5.14.0-362.24.1.el9_3.src.rpm'],
        ['bash', '(none)', '5.1.8', '6.el9_1', 'x86_64', 'bash-5.1.8-6.el9_1.src.rpm'],
        ['shadow-utils', '2', '4.9', '8.el9', 'x86_64', 'shadow-utils-4.9-8.el9.src.rpm'],
        ['gpg-pubkey', '(none)', '350d275d', '6279464b', '(none)', '(none)'],
      ]),
    },
    [SOCKETS_COMMAND.command]: { stdout: SS },
  },
  ecosystem: 'Rocky Linux:9',
  packageCount: 8,
  kernelRelease: '5.14.0-362.8.1.el9_3.x86_64',
  vulnerable: ['CVE-2024-1086 kernel-core', 'CVE-2024-6387 openssh', 'CVE-2024-6387 openssh-server'],
  invulnerable: ['RLSA-2023:5455 glibc'],
  potential: [],
  sockets: SOCKETS,
};

/** Alpine 3.19: old OpenSSH, fixed OpenSSL (origin package names), netstat instead of ss. */
export const ALPINE: Profile = {
  name: 'alpine-3.19',
  commands: {
    [SYSTEM_COMMAND.command]: { stdout: system('6.6.14-0-lts', 'x86_64', 'NAME="Alpine Linux"\nID=alpine\nVERSION_ID=3.19.1\nPRETTY_NAME="Alpine Linux v3.19"', { alpine: '3.19.1' }) },
    [APK_COMMAND.command]: {
      stdout: '@@apk-db\n'
        + 'P:openssh\nV:9.6_p1-r0\nA:x86_64\no:openssh\n'
        + 'P:openssh-server\nV:9.6_p1-r0\nA:x86_64\no:openssh\n'
        + 'P:libssl3\nV:3.1.4-r5\nA:x86_64\no:openssl\n'
        + 'P:libcrypto3\nV:3.1.4-r5\nA:x86_64\no:openssl\n'
        + 'P:musl\nV:1.2.4_git20230717-r4\nA:x86_64\no:musl\n'
        + 'P:busybox\nV:1.36.1-r15\nA:x86_64\no:busybox\n'
        + 'P:linux-lts\nV:6.6.14-r0\nA:x86_64\no:linux-lts\n',
    },
    [SOCKETS_COMMAND.command]: {
      stdout: 'Active Internet connections (only servers)\nProto Recv-Q Send-Q Local Address           Foreign Address         State\n'
        + 'tcp        0      0 0.0.0.0:22              0.0.0.0:*               LISTEN\n'
        + 'tcp        0      0 127.0.0.1:8080          0.0.0.0:*               LISTEN\n'
        + 'tcp        0      0 :::22                   :::*                    LISTEN\n'
        + 'udp        0      0 127.0.0.53:53           0.0.0.0:*\n',
    },
  },
  ecosystem: 'Alpine:v3.19',
  packageCount: 7,
  kernelRelease: '6.6.14-0-lts',
  vulnerable: ['CVE-2024-6387 openssh'],
  invulnerable: ['ALPINE-CVE-2024-0727 openssl'],
  potential: [],
  sockets: SOCKETS,
};

/** All canned machines. */
export const PROFILES: readonly Profile[] = [UBUNTU, ROCKY, ALPINE];
