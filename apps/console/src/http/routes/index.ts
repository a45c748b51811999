/**
 * Every route module of the console, in registration order (shared registry: append one
 * import and one entry per module; never reorder). See apps/console/CONVENTIONS.md.
 */
import type { RoutePlugin } from '../app-types.ts';
import { healthRoutes } from './health.ts';
import { sessionRoutes } from './session.ts';
import { usersRoutes } from './users.ts';
import { apiKeyRoutes } from './api-keys.ts';
import { auditRoutes } from './audit.ts';
import { sitesRoutes } from './sites.ts';
import { globalExclusionsRoutes } from './sites-exclusions.ts';
import { scanTemplatesRoutes } from './scan-templates.ts';
import { scanEnginesRoutes } from './scan-engines.ts';
import { enginesRemoteRoutes } from './engines-remote.ts';
import { enginesMaintenanceRoutes } from './engines-maintenance.ts';
import { credentialsRoutes } from './credentials.ts';
import { credentialsSitesRoutes } from './credentials-sites.ts';
import { vulnerabilitiesRoutes } from './vulnerabilities.ts';
import { exceptionsRoutes } from './exceptions.ts';
import { scansRoutes } from './scans.ts';
import { assetsRoutes } from './assets.ts';
import { scansAuthRoutes } from './scans-auth.ts';
import { schedulesRoutes } from './schedules.ts';
import { blackoutsRoutes } from './blackouts.ts';

/** Route plugins registered by buildApp. */
export const ROUTES: RoutePlugin[] = [
  healthRoutes,
  sessionRoutes,
  usersRoutes,
  apiKeyRoutes,
  auditRoutes,
  sitesRoutes,
  globalExclusionsRoutes,
  scanTemplatesRoutes,
  scanEnginesRoutes,
  enginesRemoteRoutes,
  enginesMaintenanceRoutes,
  credentialsRoutes,
  credentialsSitesRoutes,
  vulnerabilitiesRoutes,
  exceptionsRoutes,
  scansRoutes,
  assetsRoutes,
  scansAuthRoutes,
  schedulesRoutes,
  blackoutsRoutes,
];
