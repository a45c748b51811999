/**
 * @farsight/content: fingerprint content and the engines that read it — Recog XML
 * fingerprints (Farsight's own in packages/content/fingerprints, plus any Recog directory)
 * and, when the host has nmap, nmap's service probes. docs/fingerprints.md says which match
 * key gets which text.
 */
export { FingerprintDb } from './recog/fingerprint-db.ts';
export type { FingerprintFile, RegexFailure } from './recog/fingerprint-db.ts';
export { Fingerprint, MatchInput, MAX_MATCH_INPUT, MAX_MATCH_LINES } from './recog/fingerprint.ts';
export type { FingerprintMatch, FingerprintOrigin } from './recog/fingerprint.ts';
export { parseRecogXml, RECOG_FLAGS } from './recog/recog-xml.ts';
export type { ExampleSpec, FingerprintSpec, ParamSpec, RecogFileSpec } from './recog/recog-xml.ts';
export { builtinFingerprintDir, readRecogDirectory } from './recog/load-files.ts';
export { decodeBanner, recogDistinguishedName } from './recog/banner-text.ts';
export { translateRegex, compileRegex } from './recog/regex-translate.ts';
export type { TranslateOptions, TranslatedRegex, CompiledRegex } from './recog/regex-translate.ts';
export type { RequiredLiteral, Literal } from './recog/regex-prefilter.ts';
export type { RegexDialect } from './recog/regex-ast.ts';
export { NmapProbeDb, NMAP_MAX_RESPONSE } from './nmap/probe-db.ts';
export type { NmapMatch } from './nmap/probe-db.ts';
export { loadNmapProbes, DEFAULT_NMAP_PROBES_PATH } from './nmap/load.ts';
export { parseNmapProbes, parsePortList, unescapePayload } from './nmap/probes-parse.ts';
export type { NmapProbe, NmapMatchLine, NmapProbesSpec } from './nmap/probes-parse.ts';
// OSV advisories for distribution packages (issue 6): parse, ecosystems, ranges, loading.
export * from './osv/index.ts';
