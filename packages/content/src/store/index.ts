/**
 * The content store (docs/content.md): where installed content packages and imported NVD/OSV
 * data live, how an update is verified and swapped in atomically, and `loadActiveContent()`,
 * the one call a scan makes to get its content.
 */
export { resolveContentDir, storePaths } from './paths.ts';
export type { StorePaths } from './paths.ts';
export { loadActiveContent, activeFingerprintDir } from './load.ts';
export type { ActiveContent, LoadOptions } from './load.ts';
export { readActivePointer } from './active.ts';
export type { ActivePointer } from './active.ts';
export { updateContent } from './update.ts';
export type { UpdateOptions, UpdateResult, UpdateStep } from './update.ts';
export { installPackage } from './install.ts';
export type { InstallStage, InstallOptions } from './install.ts';
export { validatePackage, validateContentFiles, PACKAGE_LAYOUT } from './package-validate.ts';
export { buildPackage, readPackageDir, signPackage } from './pack-build.ts';
export type { BuiltPackage } from './pack-build.ts';
export { parseManifest, PACKAGE_FORMAT, PACKAGE_FORMAT_VERSION } from './manifest.ts';
export type { ContentManifest, ContentCounts } from './manifest.ts';
export { readImportIndex, readImported, readImportedRecord, IMPORT_SOURCES } from './imported-store.ts';
export type { ImportIndex, ImportSource, SourceInfo, MergeResult } from './imported-store.ts';
export { withStoreLock } from './lock.ts';
export { lookupContent } from './lookup.ts';
export type { ContentLookup } from './lookup.ts';
