export * from './types.ts';
export * from './templates.ts';
export * from './scan/run-scan.ts';
export { FARSIGHT_VERSION } from './version.ts';
