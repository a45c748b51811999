/** Service detection: public API of packages/scanner/src/service. */
export { detectTcpService } from './detect-tcp.ts';
export { detectUdpServices } from './detect-udp.ts';
export type { DetectOptions, FingerprintMatch, Matcher, NmapMatch, NmapMatcher } from './options.ts';
