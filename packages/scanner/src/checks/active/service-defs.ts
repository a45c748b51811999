/** Vulnerability definitions of the FTP, SMTP, database, Telnet and SNMP checks. */
import type { VulnDefinition } from '../vuln-def.ts';

const CONFIG = 'configuration' as const;
const NOAUTH = 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H';
const unauth = (id: string, product: string, fix: string, ref: string): VulnDefinition => ({
  id, title: `${product} reachable without authentication`, severity: 'critical',
  description: `${product} answers commands from the network without any credentials: anyone who can reach it can read and change its data (and often run code).`,
  cvss31: NOAUTH, cves: [], cwes: ['CWE-306'], solution: { type: CONFIG, text: fix }, references: [ref],
});

/** Definitions by check. */
export const SERVICE_DEFS = {
  ftpAnonymous: {
    id: 'farsight-ftp-anonymous-login', title: 'Anonymous FTP login allowed', severity: 'medium',
    description: 'The FTP server accepts USER anonymous with any password, so anyone can list and download what it exposes.',
    cvss31: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:N/A:N', cves: ['CVE-1999-0497'], cwes: ['CWE-284'],
    solution: { type: CONFIG, text: 'Disable anonymous access (vsftpd `anonymous_enable=NO`, ProFTPD: remove the <Anonymous> block) unless it is a deliberate public mirror.' },
    references: ['https://www.rfc-editor.org/rfc/rfc1635'],
  },
  ftpWritable: {
    id: 'farsight-ftp-anonymous-writable', title: 'Anonymous FTP is writable', severity: 'high',
    description: 'An anonymous FTP session may create directories, so anyone can upload content (warez drops, malware hosting, disk exhaustion).',
    cvss31: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:H/A:L', cves: [], cwes: ['CWE-284'],
    solution: { type: CONFIG, text: 'Remove write permission for the anonymous user (vsftpd `anon_upload_enable=NO`, `anon_mkdir_write_enable=NO`).' },
    references: ['https://www.rfc-editor.org/rfc/rfc1635'],
  },
  smtpRelay: {
    id: 'farsight-smtp-open-relay', title: 'SMTP open relay', severity: 'medium',
    description: 'The server accepts, from an unauthenticated client, mail from a foreign domain to a foreign domain, so spammers can send mail through it.',
    cvss31: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:L/A:L', cves: ['CVE-1999-0512'], cwes: ['CWE-284'],
    solution: { type: CONFIG, text: 'Relay only for trusted networks or authenticated users (Postfix `smtpd_relay_restrictions = permit_mynetworks, permit_sasl_authenticated, reject_unauth_destination`).' },
    references: ['https://www.rfc-editor.org/rfc/rfc5321#section-3.6', 'https://www.rfc-editor.org/rfc/rfc2505'],
  },
  smtpVrfy: {
    id: 'farsight-smtp-vrfy-enabled', title: 'SMTP VRFY reveals local users', severity: 'low',
    description: 'VRFY answers differently for existing and unknown users, so valid account names can be enumerated.',
    cvss31: 'CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:L/I:N/A:N', cves: ['CVE-1999-0531'], cwes: ['CWE-204'],
    solution: { type: CONFIG, text: 'Disable VRFY (Postfix `disable_vrfy_command = yes`, Sendmail `PrivacyOptions=novrfy`).' },
    references: ['https://www.rfc-editor.org/rfc/rfc5321#section-7.3'],
  },
  smtpExpn: {
    id: 'farsight-smtp-expn-enabled', title: 'SMTP EXPN expands mailing lists', severity: 'low',
    description: 'EXPN lists the members of aliases and mailing lists, disclosing internal addresses.',
    cvss31: 'CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:L/I:N/A:N', cves: ['CVE-1999-0531'], cwes: ['CWE-200'],
    solution: { type: CONFIG, text: 'Disable EXPN (Sendmail `PrivacyOptions=noexpn`; Exim: no `acl_smtp_expn`).' },
    references: ['https://www.rfc-editor.org/rfc/rfc5321#section-7.3'],
  },
  redis: unauth('farsight-redis-unauthenticated', 'Redis', 'Set `requirepass` or ACL users, and `bind`/`protected-mode yes` to keep it off untrusted networks.', 'https://redis.io/docs/latest/operate/oss_and_stack/management/security/'),
  memcached: unauth('farsight-memcached-unauthenticated', 'Memcached', 'Start memcached with SASL (`-S`) or bind it to localhost/trusted networks (`-l 127.0.0.1`); disable UDP (`-U 0`).', 'https://github.com/memcached/memcached/wiki/SASLHowto'),
  mongodb: unauth('farsight-mongodb-unauthenticated', 'MongoDB', 'Enable access control (`security.authorization: enabled`) and bind to trusted networks.', 'https://www.mongodb.com/docs/manual/administration/security-checklist/'),
  telnet: {
    id: 'farsight-telnet-enabled', title: 'Telnet service enabled', severity: 'medium',
    description: 'Telnet sends logins and sessions in clear text (RFC 854), so anyone on the path can read passwords.',
    cvss31: 'CVSS:3.1/AV:A/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N', cves: [], cwes: ['CWE-319'],
    solution: { type: CONFIG, text: 'Disable Telnet and use SSH.' }, references: ['https://www.rfc-editor.org/rfc/rfc854'],
  },
  snmp: {
    id: 'farsight-snmp-default-community', title: 'SNMP default community string', severity: 'high',
    description: 'The SNMP agent answers a well-known community (public/private), disclosing system details and, with a write community, allowing changes.',
    cvss31: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N', cves: ['CVE-1999-0517'], cwes: ['CWE-1392'],
    solution: { type: CONFIG, text: 'Remove the default communities; use SNMPv3 with authentication and privacy, or restrict the agent to management hosts.' },
    references: ['https://www.rfc-editor.org/rfc/rfc3414'],
  },
} satisfies Record<string, VulnDefinition>;
