/** Vulnerability definitions of the HTTP checks. */
import type { VulnDefinition } from '../vuln-def.ts';

const CONFIG = 'configuration' as const;

/** HTTP definitions. */
export const HTTP_DEFS = {
  trace: {
    id: 'farsight-http-trace-enabled', title: 'HTTP TRACE method enabled', severity: 'low',
    description: 'The server echoes TRACE requests, including headers such as cookies, which enables cross-site tracing (XST) in combination with other flaws.',
    cvss31: 'CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:N/A:N', cves: ['CVE-2004-2320'], cwes: ['CWE-693'],
    solution: { type: CONFIG, text: 'Disable TRACE (Apache `TraceEnable Off`; IIS request filtering; nginx rejects it by default).' },
    references: ['https://owasp.org/www-community/attacks/Cross_Site_Tracing'],
  },
  listing: {
    id: 'farsight-http-directory-listing', title: 'HTTP directory listing enabled', severity: 'medium',
    description: 'The server returns an automatically generated index of a directory, exposing file names such as backups and configuration files.',
    cvss31: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:N/A:N', cves: [], cwes: ['CWE-548'],
    solution: { type: CONFIG, text: 'Turn off automatic indexes (Apache `Options -Indexes`, nginx `autoindex off`, lighttpd `dir-listing.activate = "disable"`).' },
    references: ['https://cwe.mitre.org/data/definitions/548.html'],
  },
  defaultPage: {
    id: 'farsight-http-default-page', title: 'HTTP server shows a default installation page', severity: 'info',
    description: 'The front page is the vendor\'s default or test page: the server was installed but not configured, and tells visitors which software runs.',
    cves: [], cwes: ['CWE-200'],
    solution: { type: CONFIG, text: 'Replace or remove the default page, or disable the server if it is not needed.' },
    references: ['https://owasp.org/www-project-web-security-testing-guide/latest/4-Web_Application_Security_Testing/02-Configuration_and_Deployment_Management_Testing/'],
  },
  headers: {
    id: 'farsight-http-missing-security-headers', title: 'HTTP security headers missing', severity: 'low',
    description: 'The HTML front page lacks clickjacking protection (X-Frame-Options or Content-Security-Policy) or MIME-sniffing protection (X-Content-Type-Options: nosniff).',
    cves: [], cwes: ['CWE-1021', 'CWE-693'],
    solution: { type: CONFIG, text: 'Send `X-Frame-Options: SAMEORIGIN` (or a CSP frame-ancestors rule) and `X-Content-Type-Options: nosniff`.' },
    references: ['https://owasp.org/www-project-secure-headers/'],
  },
  version: {
    id: 'farsight-http-server-version-disclosure', title: 'HTTP server discloses its version', severity: 'info',
    description: 'Response headers (Server, X-Powered-By, X-AspNet-Version) name the software version, which helps an attacker pick exploits.',
    cves: [], cwes: ['CWE-200'],
    solution: { type: CONFIG, text: 'Hide versions (Apache `ServerTokens Prod`, nginx `server_tokens off`, remove X-Powered-By).' },
    references: ['https://cwe.mitre.org/data/definitions/200.html'],
  },
  elasticsearch: {
    id: 'farsight-elasticsearch-unauthenticated', title: 'Elasticsearch reachable without authentication', severity: 'critical',
    description: 'The Elasticsearch REST API answers without credentials: anyone who can reach it can read, change or delete every index.',
    cvss31: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', cves: [], cwes: ['CWE-306'],
    solution: { type: CONFIG, text: 'Enable security (`xpack.security.enabled: true`, the default since 8.0) and bind to trusted networks only.' },
    references: ['https://www.elastic.co/guide/en/elasticsearch/reference/current/security-minimal-setup.html'],
  },
} satisfies Record<string, VulnDefinition>;
