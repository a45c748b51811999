/** CPE 2.3 names, NVD range semantics, upstream version order, product and distro recognition. */
export { parseCpe, formatCpe, cpeMatches, cpeProductKey, applicationCpe, CPE_ATTRIBUTES } from './cpe.ts';
export type { Cpe } from './cpe.ts';
export { compareUpstreamVersions, tokenizeVersion } from './version-order.ts';
export { versionInRange, describeRange, findRange } from './range.ts';
export type { VersionRange } from './range.ts';
export { PRODUCTS, productByKey, productByName } from './products.ts';
export type { ProductDef } from './products.ts';
export { distroFromHostOs, distroFromText, opensshDistroBuild, DISTRO_NAMES } from './distro.ts';
export type { Distro, DistroBuild } from './distro.ts';
export { identifyProducts, cleanVersion } from './normalize.ts';
export type { ServiceFacts, HostOsFacts, ProductIdentity } from './normalize.ts';
