/**
 * Writes a ScanReport as the documented JSON document one host at a time, so a /16 scan never
 * holds the whole document as one string (JSON.stringify of 65,536 hosts costs tens of MB).
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { ScanReport } from '@farsight/scanner/types';

function indent(json: string, pad: string): string {
  return json.replace(/\n/g, `\n${pad}`);
}

/** Streams the report to `out` in the same layout as JSON.stringify(report, null, 2). */
export async function writeReportJson(report: ScanReport, out: Writable): Promise<void> {
  const write = async (chunk: string): Promise<void> => {
    if (!out.write(chunk)) await once(out, 'drain');
  };
  await write(`{\n  "scan": ${indent(JSON.stringify(report.scan, null, 2), '  ')},\n  "hosts": [`);
  for (let i = 0; i < report.hosts.length; i++) {
    await write(`${i === 0 ? '' : ','}\n    ${indent(JSON.stringify(report.hosts[i], null, 2), '    ')}`);
  }
  await write(report.hosts.length === 0 ? ']\n}\n' : '\n  ]\n}\n');
}

/** Streams the report into a file, closing it before returning. */
export async function writeReportFile(report: ScanReport, path: string): Promise<void> {
  const file = createWriteStream(path);
  const failed = once(file, 'error').then(([e]) => { throw e; });
  await Promise.race([writeReportJson(report, file), failed]);
  file.end();
  await Promise.race([once(file, 'finish'), failed]);
}
