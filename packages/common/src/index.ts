export * from './errors.ts';
export * from './targets/index.ts';
export * from './ports/index.ts';
export * from './versions/index.ts';
export * from './time/zoned.ts';
