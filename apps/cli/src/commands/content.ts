/** `farsight content list|show|update|import|pack` — the content store from the command line (docs/content.md). */
import type { Command } from 'commander';
import { readFile, writeFile } from 'node:fs/promises';
import { FarsightError } from '@farsight/common';
import { resolveContentDir, lookupContent, buildPackage, readPackageDir, signPackage } from '@farsight/content/store/index';
import { renderTable } from '../output/table-format.ts';
import { listContent } from './content-list.ts';
import { renderContentShow } from './content-show-format.ts';
import { contentImportAction, contentUpdateAction } from './content-actions.ts';

const DIR_HELP = 'content directory (env FARSIGHT_CONTENT_DIR; default ~/.farsight/content)';

/** Adds the `content` command and its subcommands. */
export function registerContentCommand(program: Command): void {
  const content = program
    .command('content')
    .description('vulnerability and fingerprint content: list sources, show an id, update from a URL, import NVD/OSV files')
    .addHelpText('after', `
Content is versioned data the scanner loads: an installed content package (fingerprints,
vulnerability definitions, advisories) or, when none is installed, the built-in pack; plus NVD
and OSV data imported with \`content import\`. Store layout, package format and caps: docs/content.md`);

  content.command('list')
    .description('list content sources: installed package, built-in pack, NVD and OSV imports')
    .option('--content-dir <dir>', DIR_HELP)
    .option('--json', 'print the listing as JSON')
    .action(async (opts: { contentDir?: string; json?: boolean }) => {
      const listing = await listContent(resolveContentDir(opts.contentDir));
      for (const w of listing.warnings) process.stderr.write(`farsight: warning: ${w}\n`);
      if (opts.json) { process.stdout.write(`${JSON.stringify(listing, null, 2)}\n`); return; }
      process.stdout.write(`Content directory: ${listing.contentDir}\n\n`);
      process.stdout.write(renderTable(['SOURCE', 'IDS', 'VERSION', 'UPDATED', 'IN USE', 'DETAILS'],
        listing.rows.map((r) => [r.source, String(r.ids), r.version, r.updated ? r.updated.slice(0, 19).replace('T', ' ') : '-', r.active ? 'yes' : 'no', r.details])));
    });

  content.command('show')
    .description('show a CVE or advisory: description, CVSS, affected ranges, fixed versions, references')
    .argument('<id>', 'a CVE id (CVE-2024-6387), a vulnerability id of the content, or an advisory id or alias (DSA-5724-1, USN-6859-1)')
    .option('--content-dir <dir>', DIR_HELP)
    .option('--json', 'print what was found as JSON')
    .action(async (id: string, opts: { contentDir?: string; json?: boolean }) => {
      const found = await lookupContent(resolveContentDir(opts.contentDir), id);
      for (const w of found.warnings) process.stderr.write(`farsight: warning: ${w}\n`);
      if (!found.definition && !found.nvd && found.advisories.length === 0) {
        throw new FarsightError('CONTENT_NOT_FOUND', `${id} is not in the active content, the imports or the built-in pack; import an NVD or OSV file that has it (farsight content import FILE)`);
      }
      process.stdout.write(opts.json ? `${JSON.stringify(found, null, 2)}\n` : renderContentShow(found));
    });

  content.command('update')
    .description('download a content package, verify its SHA-256 (and Ed25519 signature), validate every file, swap it in atomically')
    .option('--url <url>', 'package URL (default: content.url in the config file)')
    .option('--sha256 <hex>', 'expected SHA-256 of the package (default: fetched from URL.sha256)')
    .option('--public-key <file>', 'Ed25519 public key (PEM); URL.sig must verify (default: content.publicKey in the config file)')
    .option('--config <file>', 'config file (env FARSIGHT_CONFIG; default ~/.farsight/config.json)')
    .option('--content-dir <dir>', DIR_HELP)
    .option('--allow-downgrade', 'install a package created before the active one (refused by default: a replayed old package is still validly signed)')
    .option('--timeout <seconds>', 'give up on the download after this long', '120')
    .option('--json', 'print the result as JSON')
    .option('--no-progress', 'no progress bar on stderr')
    .addHelpText('after', `
Steps: download (64 MiB cap) → SHA-256 → signature (when a public key is configured) → unpack
within the caps (entries, sizes, compression ratio; ../, absolute paths, symlinks, duplicates
and encrypted entries rejected) → validate every file against its schema → atomic swap. Any
failure leaves the active content as it was.

Example:
  farsight content update --url http://127.0.0.1:8080/content-2026.11.zip --public-key content.pub.pem`)
    .action(contentUpdateAction);

  content.command('import')
    .description('import NVD CVE JSON 2.0 feeds and OSV advisories (JSON, .gz or .zip) into the content store')
    .argument('<files...>', 'NVD feed files (nvdcve-2.0-2024.json[.gz|.zip]) and OSV files (one advisory, an array, or a zip such as all.zip)')
    .option('--content-dir <dir>', DIR_HELP)
    .option('--json', 'print the per-file results as JSON')
    .option('--no-progress', 'no progress bar on stderr')
    .addHelpText('after', `
Records merge by id: importing the same file again changes nothing; NVD "Rejected" CVEs and
withdrawn OSV advisories are removed. A bad file is reported (file, record, field) and
skipped whole; the other files still import. Exit status 1 when any file failed.`)
    .action(contentImportAction);

  content.command('pack')
    .description('build a content package (zip + .sha256 [+ .sig]) from a directory with fingerprints/, vulns/, advisories/')
    .argument('<dir>', 'directory laid out like a package (docs/content.md, "Package format")')
    .requiredOption('--package-version <version>', 'package version, e.g. 2026.11.21.1')
    .requiredOption('-o, --output <file>', 'write the package here (and FILE.sha256, FILE.sig)')
    .option('--sign-key <file>', 'Ed25519 private key (PEM) to sign the package with')
    .option('--description <text>', 'description stored in the manifest')
    .action(async (dir: string, opts: { packageVersion: string; output: string; signKey?: string; description?: string }) => {
      const built = buildPackage(await readPackageDir(dir), { version: opts.packageVersion, ...(opts.description ? { description: opts.description } : {}) });
      await writeFile(opts.output, built.zip);
      await writeFile(`${opts.output}.sha256`, `${built.sha256}  ${opts.output.split('/').at(-1) ?? ''}\n`);
      if (opts.signKey) {
        const pem = await readFile(opts.signKey, 'utf8').catch((e: unknown) => { throw new FarsightError('INVALID_ARGUMENT', `cannot read --sign-key ${opts.signKey ?? ''}: ${(e as Error).message}`, { cause: e }); });
        await writeFile(`${opts.output}.sig`, `${signPackage(built.zip, pem).toString('base64')}\n`);
      }
      const c = built.manifest.counts;
      process.stdout.write(`${opts.output}: content ${opts.packageVersion}, ${c.fingerprints} fingerprints, ${c.vulns} vulnerabilities, ${c.advisories} advisories, sha256 ${built.sha256}${opts.signKey ? ', signed' : ''}\n`);
    });
}
