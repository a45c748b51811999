/** Turns anything thrown into one `error CODE: message` line and an exit status. */
import { toFarsightError, type ErrorCode } from '@farsight/common';

/** Codes caused by what the user typed: exit status 2 (usage), others 1. */
const INPUT_CODES = new Set<ErrorCode>([
  'INVALID_ARGUMENT', 'TARGET_INVALID', 'TARGET_AMBIGUOUS', 'TARGET_RANGE_TOO_LARGE', 'TARGET_RANGE_REVERSED',
  'TARGET_FILE_UNREADABLE', 'PORT_SPEC_INVALID', 'TEMPLATE_UNKNOWN', 'CHECK_UNKNOWN', 'FINGERPRINT_DIR_UNREADABLE',
  'FINGERPRINT_XML_INVALID', 'NMAP_PROBES_INVALID',
  'CREDENTIALS_INVALID', 'OSV_INVALID', 'KNOWN_HOSTS_INVALID',
  'ENGINE_CONFIG_INVALID',
]);

/** Prints the error to stderr and returns the process exit status to use. */
export function reportError(e: unknown): number {
  const err = toFarsightError(e);
  process.stderr.write(`farsight: error ${err.code}: ${err.message}\n`);
  if (err.code === 'INTERNAL' && err.cause instanceof Error && err.cause.stack) process.stderr.write(`${err.cause.stack}\n`);
  return INPUT_CODES.has(err.code) ? 2 : 1;
}
