/** Request and response schemas of the scan schedule routes (v3 ScanSchedule, Repeat). */
import { z } from 'zod';
import { linksSchema } from '../v3/index.ts';
import { REPEAT_EVERY, WEEKDAYS } from '../../services/schedules-rules.ts';

/** A run that would overlap an engine maintenance window. */
export const warningSchema = z.object({
  kind: z.enum(['maintenance', 'blackout']), engineId: z.number().int().optional(), engineName: z.string().optional(),
  blackoutId: z.number().int().optional(), blackoutName: z.string().optional(), ruleId: z.string(), runStart: z.string(), runEnd: z.string(), windowStart: z.string(), windowEnd: z.string(), message: z.string(),
});

/** v3 Repeat (plus dateOfMonth, which the v3 text describes). */
export const repeatSchema = z.object({
  every: z.enum(REPEAT_EVERY),
  interval: z.number().int().min(1).max(1000),
  dateOfMonth: z.number().int().min(1).max(31).optional(),
  lastDayOfMonth: z.boolean().optional(),
  dayOfWeek: z.string().transform((s) => s.toLowerCase()).pipe(z.enum(WEEKDAYS)).optional(),
  weekOfMonth: z.number().int().min(1).max(6).optional(),
}).strict();

const UNSUPPORTED_TARGETS = ['excludedTargets', 'includedAssetGroups', 'excludedAssetGroups'] as const;

/** v3 ScheduledScanTargets: a subset of the site's included targets. */
const assetsSchema = z.object({
  includedTargets: z.object({ addresses: z.array(z.string().min(1).max(255)).min(1).max(1000) }).strict().optional(),
  excludedTargets: z.unknown().optional(),
  includedAssetGroups: z.unknown().optional(),
  excludedAssetGroups: z.unknown().optional(),
}).strict().superRefine((a, ctx) => {
  for (const k of UNSUPPORTED_TARGETS) {
    if (a[k] !== undefined) ctx.addIssue({ code: 'custom', path: [k], message: `${k} is not supported in schedules; use includedTargets (a subset of the site), and the site's excluded targets for exclusions` });
  }
});

/** v3 ScanSchedule as a client sends it (read-only id, links and nextRuntimes are accepted and ignored), plus `timeZone`. */
export const scheduleInSchema = z.object({
  enabled: z.boolean(),
  onScanRepeat: z.enum(['restart-scan', 'resume-scan']),
  start: z.iso.datetime({ offset: true }),
  repeat: repeatSchema.optional(),
  duration: z.string().max(32).optional(),
  scanName: z.string().min(1).max(200).optional(),
  scanTemplateId: z.string().min(1).max(100).optional(),
  scanEngineId: z.number().int().positive().max(2 ** 31 - 1).optional(),
  assets: assetsSchema.optional(),
  /** IANA zone whose local time of day repeats keep (Farsight; default: the console's zone). */
  timeZone: z.string().min(1).max(64).optional(),
  id: z.number().int().optional(),
  links: linksSchema.max(50).optional(),
  nextRuntimes: z.array(z.string()).max(100).optional(),
}).strict();

/** The body type of scheduleInSchema. */
export type ScheduleIn = z.output<typeof scheduleInSchema>;

/** v3 ScanSchedule as the console answers (plus timeZone, lastRunTime, lastScanId, lastOutcome). */
export const scheduleOutSchema = z.object({
  id: z.number().int(), enabled: z.boolean(), onScanRepeat: z.string(), start: z.string(), timeZone: z.string(),
  repeat: z.object({ every: z.string(), interval: z.number().int(), dateOfMonth: z.number().int().optional(), lastDayOfMonth: z.boolean().optional(), dayOfWeek: z.string().optional(), weekOfMonth: z.number().int().optional() }).optional(),
  duration: z.string().optional(), scanName: z.string().optional(), scanTemplateId: z.string().optional(), scanEngineId: z.number().int().optional(),
  assets: z.object({ includedTargets: z.object({ addresses: z.array(z.string()) }) }).optional(),
  nextRuntimes: z.array(z.string()), lastRunTime: z.string().optional(), lastScanId: z.number().int().optional(), lastOutcome: z.string().optional(),
  links: linksSchema,
});
