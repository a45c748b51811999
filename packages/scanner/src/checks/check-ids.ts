/**
 * Ids and categories of the built-in checks without loading them (for `--help` and flag
 * validation at start-up; loading the checks pulls in ssh2). `registry.test.ts` keeps this
 * list equal to BUILTIN_CHECKS.
 */

/** Every built-in check id with its categories, in registry order. */
export const BUILTIN_CHECK_IDS: readonly { id: string; categories: readonly string[] }[] = [
  { id: 'tls-certificate', categories: ['safe'] },
  { id: 'tls-protocol-versions', categories: ['safe'] },
  { id: 'tls-weak-ciphers', categories: ['safe'] },
  { id: 'ssh-algorithms', categories: ['safe'] },
  { id: 'ssh-protocol-1', categories: ['safe'] },
  { id: 'ssh-password-auth', categories: ['safe'] },
  { id: 'http-trace', categories: ['safe'] },
  { id: 'http-directory-listing', categories: ['safe'] },
  { id: 'http-default-page', categories: ['safe'] },
  { id: 'http-security-headers', categories: ['safe'] },
  { id: 'http-server-version', categories: ['safe'] },
  { id: 'elasticsearch-unauth', categories: ['safe'] },
  { id: 'ftp-anonymous', categories: ['safe'] },
  { id: 'ftp-anonymous-writable', categories: ['intrusive'] },
  { id: 'smtp-open-relay', categories: ['safe'] },
  { id: 'smtp-vrfy-expn', categories: ['safe'] },
  { id: 'redis-unauth', categories: ['safe'] },
  { id: 'memcached-unauth', categories: ['safe'] },
  { id: 'mongodb-unauth', categories: ['safe'] },
  { id: 'telnet-enabled', categories: ['safe'] },
  { id: 'snmp-default-community', categories: ['safe'] },
];

/** `id (intrusive)` list for help texts. */
export function checkIdsHelp(): string {
  return BUILTIN_CHECK_IDS.map((c) => (c.categories.includes('safe') ? c.id : `${c.id} (${c.categories.join('+')})`)).join(', ');
}
