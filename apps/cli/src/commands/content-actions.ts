/** The `content update` and `content import` actions: flags and config → store calls, progress on stderr, a summary on stdout. */
import { readFile } from 'node:fs/promises';
import { FarsightError } from '@farsight/common';
import { resolveContentDir, updateContent } from '@farsight/content/store/index';
import { importFiles, type ImportFileResult } from '@farsight/content/import/import-files';
import { renderTable } from '../output/table-format.ts';
import { readContentConfig } from './content-config.ts';
import { startByteProgress } from './content-progress.ts';

interface UpdateFlags { url?: string; sha256?: string; publicKey?: string; config?: string; contentDir?: string; timeout: string; allowDowngrade?: boolean; json?: boolean; progress: boolean }

/** `farsight content update`. */
export async function contentUpdateAction(flags: UpdateFlags): Promise<void> {
  const config = await readContentConfig(flags.config);
  const url = flags.url ?? config.url;
  if (!url) throw new FarsightError('INVALID_ARGUMENT', `no content URL: pass --url URL or set content.url in ${config.file ?? 'the config file (~/.farsight/config.json)'}`);
  const timeout = Number(flags.timeout);
  if (!Number.isFinite(timeout) || timeout <= 0 || timeout > 86_400) throw new FarsightError('INVALID_ARGUMENT', `--timeout ${flags.timeout} must be a number of seconds between 1 and 86400`);
  const keyPath = flags.publicKey ?? config.publicKeyPath;
  let publicKeyPem: string | undefined;
  if (keyPath) {
    try { publicKeyPem = await readFile(keyPath, 'utf8'); } catch (e) {
      throw new FarsightError('INVALID_ARGUMENT', `cannot read public key ${keyPath}: ${(e as Error).message}`, { cause: e });
    }
  }
  const root = resolveContentDir(flags.contentDir);
  const progress = startByteProgress(flags.progress && !flags.json);
  let result;
  try {
    result = await updateContent(root, {
      url,
      ...(flags.sha256 ? { sha256: flags.sha256 } : {}),
      ...(publicKeyPem !== undefined && keyPath ? { publicKeyPem, publicKeySource: keyPath } : {}),
      timeoutMs: timeout * 1000,
      ...(flags.allowDowngrade ? { allowDowngrade: true } : {}),
      onProgress: (step, done, total) => { if (step === 'download') progress.update('downloading', done, total); },
    });
  } finally {
    progress.stop();
  }
  const p = result.pointer;
  if (flags.json) { process.stdout.write(`${JSON.stringify({ contentDir: root, ...result }, null, 2)}\n`); return; }
  const what = `${p.counts.fingerprints} fingerprints, ${p.counts.vulns} vulnerabilities, ${p.counts.advisories} advisories`;
  process.stdout.write(result.changed
    ? `content ${p.version} installed in ${root} (${what}; sha256 verified${result.signed ? ', signature verified' : ''})\n`
    : `content ${p.version} is already active in ${root} (${what})\n`);
}

interface ImportFlags { contentDir?: string; json?: boolean; progress: boolean }

function row(r: ImportFileResult): string[] {
  const m = r.merge;
  return [r.file, r.source ?? '-', r.error ? 'failed' : String(r.records), m ? String(m.added) : '-', m ? String(m.updated) : '-', m ? String(m.unchanged) : '-', m ? String(m.removed) : '-', m ? String(m.total) : '-'];
}

/** `farsight content import FILE…`; exit status 1 when any file failed. */
export async function contentImportAction(files: string[], flags: ImportFlags): Promise<void> {
  const root = resolveContentDir(flags.contentDir);
  const progress = startByteProgress(flags.progress && !flags.json);
  let results: ImportFileResult[];
  try {
    results = await importFiles(root, files, (p) => progress.update(`${p.phase === 'read' ? 'reading' : p.phase === 'parse' ? 'validating' : 'storing'} ${p.file.split('/').at(-1) ?? ''}`, p.bytesDone, p.bytesTotal));
  } finally {
    progress.stop();
  }
  for (const r of results) if (r.error) process.stderr.write(`farsight: error ${r.error.code}: ${r.error.message}\n`);
  if (flags.json) {
    process.stdout.write(`${JSON.stringify({ contentDir: root, files: results.map((r) => ({ ...r, ...(r.error ? { error: { code: r.error.code, message: r.error.message } } : {}) })) }, null, 2)}\n`);
  } else {
    process.stdout.write(renderTable(['FILE', 'FORMAT', 'RECORDS', 'ADDED', 'UPDATED', 'UNCHANGED', 'REMOVED', 'TOTAL'], results.map(row)));
  }
  if (results.some((r) => r.error)) process.exitCode = 1;
}
