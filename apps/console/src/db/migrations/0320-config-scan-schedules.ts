/**
 * Scan schedules (v3 `/api/3/sites/{id}/scan_schedules`): when a site is scanned by itself,
 * with what, for how long. `next_run_at` is the next run the leader's scheduler starts (null
 * when disabled or when no run is left); `schedule_scans` links every scan a schedule started
 * to it, with the deadline its maximum duration sets.
 */
import type { Kysely } from 'kysely';
import { addIdColumn } from '../helpers.ts';

/** Creates the tables. */
export async function up(db: Kysely<never>): Promise<void> {
  await addIdColumn(db, db.schema.createTable('scan_schedules'))
    .addColumn('site_id', 'integer', (c) => c.notNull().references('sites.id').onDelete('cascade'))
    .addColumn('enabled', 'integer', (c) => c.notNull())
    .addColumn('start_at', 'text', (c) => c.notNull())
    .addColumn('time_zone', 'text', (c) => c.notNull())
    .addColumn('repeat', 'text')
    .addColumn('duration_minutes', 'integer')
    .addColumn('on_scan_repeat', 'text', (c) => c.notNull())
    .addColumn('scan_name', 'text')
    .addColumn('scan_template_id', 'text')
    .addColumn('scan_engine_id', 'integer')
    .addColumn('hosts', 'text')
    .addColumn('next_run_at', 'text')
    .addColumn('last_run_at', 'text')
    .addColumn('last_scan_id', 'integer')
    .addColumn('last_outcome', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('scan_schedules_site').on('scan_schedules').column('site_id').execute();
  await db.schema.createIndex('scan_schedules_next').on('scan_schedules').columns(['enabled', 'next_run_at']).execute();
  await db.schema.createTable('schedule_scans')
    .addColumn('scan_id', 'integer', (c) => c.primaryKey())
    .addColumn('schedule_id', 'integer', (c) => c.notNull())
    .addColumn('deadline_at', 'text')
    .addColumn('paused_at_deadline', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('schedule_scans_schedule').on('schedule_scans').column('schedule_id').execute();
}

/** Drops them. */
export async function down(db: Kysely<never>): Promise<void> {
  await db.schema.dropTable('schedule_scans').execute();
  await db.schema.dropTable('scan_schedules').execute();
}
