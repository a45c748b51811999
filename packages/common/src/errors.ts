/**
 * The one error family of Farsight. Every failure that crosses a module boundary is a
 * FarsightError with a stable code from ERROR_CODES; docs/errors.md lists every code and
 * a test keeps the two in sync. A code, once retired, is never reused.
 */

/** Every error code with a one-line description of when it is raised. */
export const ERROR_CODES = {
  INTERNAL: 'An unexpected internal failure; the message carries the cause. Please report it.',
  INVALID_ARGUMENT: 'A command-line flag, option or API field has an invalid value.',
  TARGET_INVALID: 'A target token is not an IPv4/IPv6 address, CIDR, range or hostname.',
  TARGET_AMBIGUOUS: 'A target token has a non-canonical form (e.g. 127.1, 0x7f.0.0.1, 012.0.0.1) that resolvers read differently.',
  TARGET_RANGE_TOO_LARGE: 'A CIDR or range expands to more addresses than the configured maximum.',
  TARGET_RANGE_REVERSED: 'A range ends before it starts.',
  TARGET_FILE_UNREADABLE: 'A target file (@FILE or --target-file) cannot be read.',
  TARGET_UNRESOLVABLE: 'A hostname target did not resolve to any address.',
  TARGET_OUT_OF_SCOPE: 'A resolved address is excluded or outside the allowed scope; nothing was sent to it.',
  PORT_SPEC_INVALID: 'A port specification (e.g. 22,80,8000-8100,U:53) is malformed or out of 1-65535.',
  TEMPLATE_UNKNOWN: 'A scan template name is not one of the built-in or custom templates.',
  CHECK_UNKNOWN: 'A check id given to --checks/--skip-checks (or a template) is not a built-in check; `farsight scan --help` lists them.',
  FINGERPRINT_XML_INVALID: 'A Recog fingerprint file is not well-formed, has a DOCTYPE, or has an invalid fingerprint.',
  FINGERPRINT_DIR_UNREADABLE: 'A fingerprint directory or nmap probe file cannot be read.',
  NMAP_PROBES_INVALID: 'An nmap service-probes file has a malformed line.',
  LABNET_SPEC_INVALID: 'A labnet network description is malformed.',
  LABNET_BIND_FAILED: 'A labnet simulated host could not bind its address and port.',
  SCAN_ABORTED: 'The scan was interrupted (signal or time limit) before it finished.',
  OUTPUT_WRITE_FAILED: 'The scan result could not be written to the requested output file.',
  RUNTIME_UNSUPPORTED: 'The Node.js runtime lacks a feature Farsight needs; run through npm so the project Node 24 is used.',
  REGEX_UNSUPPORTED: 'A fingerprint regex (Recog or nmap) uses a construct that cannot be translated to JavaScript; the fingerprint is skipped.',
  PROBE_RESOURCES_EXHAUSTED: 'The machine stayed out of sockets or source ports (EMFILE, EADDRNOTAVAIL) while probing, so some ports have no state; lower maxInFlight or raise ulimit -n.',
  PROBE_HELPER_FAILED: 'The native probe helper (packages/scanner/native) could not start, exited, was killed or sent a malformed frame during a scan; the scan stops. Rerun it, rebuild the helper (npm ci), or use --probe-backend js.',
  VERSION_INVALID: 'A package version string is not valid for its ecosystem (dpkg, rpm or apk); the message names the rule it breaks.',
  // Console core (issue 3): database, TLS, auth, HTTP.
  DB_MIGRATION_FAILED: 'A console database migration failed; the message names it. The schema is left at the last good migration.',
  DB_UNAVAILABLE: 'The console database cannot be opened or reached (bad DATABASE_URL, server down, unreadable data directory).',
  TLS_SETUP_FAILED: 'The console could not create or load its TLS CA/server certificate (check --tls-cert/--tls-key and the data directory permissions).',
  UNAUTHENTICATED: 'The request has no valid credentials (HTTP Basic, X-Api-Key or session cookie), or the account is disabled or locked.',
  PERMISSION_DENIED: 'The authenticated user\'s role lacks the permission the API route requires (see docs/console.md, Roles).',
  RESOURCE_FORBIDDEN: 'The resource belongs to a site the user neither owns nor was granted.',
  CSRF_TOKEN_INVALID: 'A state-changing request made with a session cookie lacks a valid X-CSRF-Token header.',
  RATE_LIMITED: 'Too many requests or failed logins from this client; wait and retry (Retry-After says how long).',
  NOT_FOUND: 'The requested API resource or route does not exist.',
  CONFLICT: 'The request conflicts with existing data (for example a duplicate name or login).',
  PAYLOAD_TOO_LARGE: 'The request body is larger than the console accepts (--body-limit).',
  // Console data (issue 3): engine protocol, engine runner, scans, ingestion.
  ENGINE_MESSAGE_INVALID: 'An engine-protocol frame failed validation (malformed, unknown type, bad field or over a size cap); it was dropped.',
  ENGINE_PROTOCOL_INCOMPATIBLE: 'A scan engine speaks a protocol major version the console does not; upgrade the older side.',
  ENGINE_SPOOL_FAILED: 'A scan engine cannot open or write its durable result spool (node:sqlite); check the spool directory and free space.',
  ENGINE_UNAVAILABLE: 'The scan engine a scan needs is not connected; the scan stays queued until it is.',
  // Distributed engines (issue 4 part A): pairing, trust, consoles.xml.
  ENGINE_PAIRING_REFUSED: 'The console refused to pair an engine (shared secret wrong, expired, revoked or used up, source address not allowed, or a bad CSR); generate a new secret with `farsight engines secret create`.',
  ENGINE_CONSOLE_UNTRUSTED: 'The console an engine reached did not prove itself with the pinned engine CA (fingerprint mismatch or a certificate the CA did not sign); nothing secret was sent. Check --console-ca-fingerprint.',
  ENGINE_CONFIG_INVALID: 'An engine setting or file (flags, environment, conf/consoles.xml, pairing state) is missing or malformed; the message names it.',
  ENGINE_CONNECTION_FAILED: 'The engine and the console could not connect or were refused (unreachable, TLS failure, pending authorization, revoked certificate).',
  SCAN_STATE_CONFLICT: 'A scan cannot make the requested transition from its current state (e.g. resume a finished scan); the message names both.',
  // Console config (issue 3): sites, templates, engines registry, credentials, exceptions.
  MASTER_KEY_INVALID: 'The credential master key (FARSIGHT_MASTER_KEY or <data-dir>/master.key) is not base64 of 32 bytes, or its file is readable by others.',
  CREDENTIAL_DECRYPT_FAILED: 'A stored credential secret cannot be opened: sealed under another master key, tampered with, or moved between records.',
  CREDENTIAL_TEST_UNAVAILABLE: 'This credential cannot be tested: only ssh and ssh-key credentials are, from the Local scan engine (remote engines do not run tests yet).',
  BUILTIN_READONLY: 'A built-in object (the Local scan engine, a built-in scan template) cannot be changed or deleted; copy it instead.',
  EXCEPTION_STATE_INVALID: 'A vulnerability exception cannot take the requested action in its current state (e.g. approve a rejected or expired one).',
  EXCEPTION_REVIEW_FORBIDDEN: 'A vulnerability exception was reviewed by its own submitter (only a global administrator may), or recalled by someone other than its submitter.',
  // Admin CLI (issue 3): the `farsight` commands that talk to a console over its REST API.
  CONSOLE_UNREACHABLE: 'The admin CLI could not reach the console (connection refused, timeout, DNS); check --console / FARSIGHT_CONSOLE_URL.',
  CONSOLE_TLS_UNTRUSTED: 'The console\'s TLS certificate is not trusted or does not name the host; pass its CA with --ca / FARSIGHT_CA (<data-dir>/tls/ca.pem) or --data-dir.',
  // Content store and importers (issue 5, part C): `farsight content update|import|show`.
  ARCHIVE_REJECTED: 'An archive (content package or OSV zip) is malformed, truncated, or breaks a safety cap (size, entry count, compression ratio) or rule (../ or absolute path, symlink, duplicate name, encryption); nothing from it was used.',
  CONTENT_DOWNLOAD_FAILED: 'A content package could not be downloaded (bad URL, HTTP error, timeout, over the size cap); check --url / content.url in the config file.',
  CONTENT_INTEGRITY_FAILED: 'A content package does not match its SHA-256 or its Ed25519 signature; it was not installed. Check --sha256 / --public-key or the publisher.',
  CONTENT_PACKAGE_INVALID: 'A content package is missing its manifest, lists a file it does not hold (or holds one it does not list), or a file fails its schema; the active content is unchanged.',
  CONTENT_STORE_FAILED: 'The content directory (--content-dir, FARSIGHT_CONTENT_DIR, default ~/.farsight/content) cannot be read or written, or its active pointer is damaged.',
  CONTENT_IMPORT_INVALID: 'An NVD CVE JSON 2.0 or OSV file given to `farsight content import` is malformed; the message names the file, record and field. Nothing from that file was stored.',
  CONTENT_NOT_FOUND: 'No vulnerability or advisory with the given id is in the active content, the imported data or the built-in pack.',
  // Vulnerability content and version checks (issue 5, part A).
  VULN_CONTENT_INVALID: 'A vulnerability content file (the built-in pack in packages/content/vulns/ or a content package) fails the vulnerability schema; the message names the file, definition and field.',
  CPE_INVALID: 'A CPE name is not a CPE 2.3 formatted string (cpe:2.3:part:vendor:product:version…) or 2.2 URI (cpe:/a:vendor:product:version).',
  CVSS_VECTOR_INVALID: 'A CVSS v3.1 or v4.0 vector breaks the specification grammar (missing, repeated, out-of-order or illegal base metric); it is never scored.',
  // Authenticated scanning (issue 6): OSV advisories, SSH credentials, known hosts.
  OSV_INVALID: 'An OSV advisory (file or JSON) is unreadable or fails the OSV schema; the message names the file and the bad field.',
  CREDENTIALS_INVALID: 'A credentials file or FARSIGHT_SSH_* environment variable is missing, unreadable or invalid; the message names the field.',
  KNOWN_HOSTS_INVALID: 'The SSH known-hosts file of authenticated scans cannot be read or written, or has a malformed line.',
} as const;

/** A stable error code; see docs/errors.md. */
export type ErrorCode = keyof typeof ERROR_CODES;

/** Farsight's coded error: `code` is stable, `message` says what failed and what to do. */
export class FarsightError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'FarsightError';
    this.code = code;
  }
}

/** True when `e` is a FarsightError, optionally with the given code. */
export function isFarsightError(e: unknown, code?: ErrorCode): e is FarsightError {
  return e instanceof FarsightError && (code === undefined || e.code === code);
}

/** Converts anything thrown into a FarsightError once, at a boundary. */
export function toFarsightError(e: unknown, fallback: ErrorCode = 'INTERNAL'): FarsightError {
  if (e instanceof FarsightError) return e;
  const message = e instanceof Error ? e.message : String(e);
  return new FarsightError(fallback, message, { cause: e });
}
