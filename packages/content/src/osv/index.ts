/**
 * OSV advisories for distribution packages: schema validation (`parseOsv`), ecosystems
 * (`parseEcosystem`, `hostEcosystem`), range evaluation with exact dpkg/rpm/apk order
 * (`evaluateAffected`) and file loading. See docs/authenticated-scanning.md.
 */
export { parseOsv, advisoryCves } from './osv-schema.ts';
export type { OsvAdvisory, OsvAffected, OsvRange, OsvEvent } from './osv-schema.ts';
export { parseEcosystem, hostEcosystem, ecosystemCovers } from './ecosystem.ts';
export type { OsEcosystem, OsIdentity } from './ecosystem.ts';
export { evaluateAffected } from './ranges.ts';
export type { RangeVerdict } from './ranges.ts';
export { parseOsvText, readOsvFile, readOsvPath, builtinAdvisories, builtinAdvisoryDir, MAX_OSV_FILE_BYTES } from './load.ts';
