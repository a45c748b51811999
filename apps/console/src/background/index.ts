/**
 * Background services started by startConsole, in order (shared registry: append one import
 * and one entry; never reorder). Stopped in reverse order on shutdown.
 */
import type { BackgroundService } from './types.ts';
import { scanEnginesService } from '../engines/index.ts';
import { remoteEnginesService } from '../engines/remote-service.ts';
import { schedulerService } from './scheduler.ts';

export type { BackgroundService, BackgroundContext } from './types.ts';

/** Every background service. */
export const BACKGROUND: BackgroundService[] = [
  scanEnginesService,
  remoteEnginesService,
  schedulerService,
];
