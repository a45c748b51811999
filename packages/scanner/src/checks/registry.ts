/**
 * Every built-in active check, in the order they run on a service. An explicit list (STYLE.md):
 * adding a check means adding it here, never registering by import side effects.
 */
import type { ActiveCheck } from './types.ts';
import { tlsCertificate } from './active/tls-certificate.ts';
import { tlsProtocolVersions } from './active/tls-protocols.ts';
import { tlsWeakCiphers } from './active/tls-weak-ciphers.ts';
import { sshAlgorithms, sshProtocol1 } from './active/ssh-algorithms.ts';
import { sshPasswordAuth } from './active/ssh-password-auth.ts';
import { httpTrace } from './active/http-trace.ts';
import { httpDefaultPage, httpDirectoryListing, httpSecurityHeaders, httpServerVersion } from './active/http-front-page.ts';
import { elasticsearchUnauth } from './active/elasticsearch-unauth.ts';
import { ftpAnonymous, ftpAnonymousWritable } from './active/ftp-anonymous.ts';
import { smtpOpenRelay, smtpVrfyExpn } from './active/smtp-checks.ts';
import { memcachedUnauth, mongodbUnauth, redisUnauth } from './active/db-unauth.ts';
import { snmpDefaultCommunity, telnetEnabled } from './active/telnet-snmp.ts';

/** The active checks' vulnerability definitions (read by `scripts/gen-check-reference.ts` for docs/checks.md). */
export { BUILTIN_CHECK_VULNS, checkVulnDefinition } from './check-vulns.ts';

/** The built-in checks (safe ones run by default; intrusive ones only with an opt-in). */
export const BUILTIN_CHECKS: readonly ActiveCheck[] = [
  tlsCertificate, tlsProtocolVersions, tlsWeakCiphers,
  sshAlgorithms, sshProtocol1, sshPasswordAuth,
  httpTrace, httpDirectoryListing, httpDefaultPage, httpSecurityHeaders, httpServerVersion, elasticsearchUnauth,
  ftpAnonymous, ftpAnonymousWritable,
  smtpOpenRelay, smtpVrfyExpn,
  redisUnauth, memcachedUnauth, mongodbUnauth,
  telnetEnabled, snmpDefaultCommunity,
] as ActiveCheck[];
