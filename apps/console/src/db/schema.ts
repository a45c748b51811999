/**
 * The whole database as one Kysely type. Each area declares its tables in `db/tables/<area>.ts`
 * and appends its interface to the `extends` list below (append-only, one name per line).
 */
import type { CoreTables } from './tables/core.ts';
import type { ConfigTables } from './tables/config.ts';
import type { DataTables } from './tables/data.ts';
import type { EngineTrustTables } from './tables/engine-trust.ts';
import type { ScanAuthTables } from './tables/scan-auth.ts';
import type { ScheduleTables } from './tables/schedules.ts';

/** Every table of the console database. */
export interface Database extends
  CoreTables,
  ConfigTables,
  DataTables,
  EngineTrustTables,
  ScanAuthTables,
  ScheduleTables {}
