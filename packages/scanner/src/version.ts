/** Farsight's version, reported in scan results and the engine protocol. */
export const FARSIGHT_VERSION = '0.1.0';
