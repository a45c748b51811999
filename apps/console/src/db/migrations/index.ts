/**
 * Every migration in order (shared registry: append one line per migration, never reorder).
 * Numbering: 0001–0099 core (users, auth, audit, settings), 0100–0199 config (sites, templates,
 * engines, credentials, vulnerabilities, exceptions), 0200–0299 data (scans, assets, findings).
 */
import type { Kysely } from 'kysely';

/** A migration module: `up` (and optional `down`) on an untyped Kysely (the schema is what it builds). */
export interface MigrationModule { up(db: Kysely<never>): Promise<void>; down?(db: Kysely<never>): Promise<void> }
import * as m0001 from './0001-core.ts';
import * as m0100 from './0100-config-sites-engines.ts';
import * as m0101 from './0101-config-credentials-vulns.ts';
import * as m0120 from './0120-config-engine-trust.ts';
import * as m0200 from './0200-data-scans.ts';
import * as m0201 from './0201-data-assets.ts';
import * as m0202 from './0202-data-asset-list-indexes.ts';
import * as m0203 from './0203-data-scan-chunks.ts';
import * as m0300 from './0300-data-trim-indexes.ts';
import * as m0301 from './0301-data-asset-sort-indexes.ts';
import * as m0302 from './0302-data-scan-host-auth.ts';
import * as m0310 from './0310-data-findings-check-asset.ts';
import * as m0311 from './0311-config-site-shared-credentials.ts';
import * as m0312 from './0312-data-drop-findings-last-scan.ts';
import * as m0320 from './0320-config-scan-schedules.ts';
import * as m0321 from './0321-config-engine-maintenance.ts';
import * as m0323 from './0323-config-engine-scan-limit.ts';
import * as m0324 from './0324-config-blackouts.ts';

/** Name → migration; names sort in apply order. */
export const MIGRATIONS: Record<string, MigrationModule> = {
  '0001-core': m0001,
  '0100-config-sites-engines': m0100,
  '0101-config-credentials-vulns': m0101,
  '0120-config-engine-trust': m0120,
  '0200-data-scans': m0200,
  '0201-data-assets': m0201,
  '0202-data-asset-list-indexes': m0202,
  '0203-data-scan-chunks': m0203,
  '0300-data-trim-indexes': m0300,
  '0301-data-asset-sort-indexes': m0301,
  '0302-data-scan-host-auth': m0302,
  '0310-data-findings-check-asset': m0310,
  '0311-config-site-shared-credentials': m0311,
  '0312-data-drop-findings-last-scan': m0312,
  '0320-config-scan-schedules': m0320,
  '0321-config-engine-maintenance': m0321,
  '0323-config-engine-scan-limit': m0323,
  '0324-config-blackouts': m0324,
};
