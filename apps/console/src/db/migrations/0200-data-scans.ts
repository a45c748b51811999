/**
 * Data tables, part 1: scans (state, snapshot of what to scan, ingest cursor), the commands
 * queued for engines, per-host progress, the scan log and the ledger of ingested batches
 * (the idempotency key of ingestion: one row per (scan, engine, seq)).
 */
import type { Kysely } from 'kysely';
import { addIdColumn } from '../helpers.ts';

/** Creates the scan tables. */
export async function up(db: Kysely<never>): Promise<void> {
  await addIdColumn(db, db.schema.createTable('scans'))
    .addColumn('site_id', 'integer', (c) => c.notNull().references('sites.id'))
    .addColumn('engine_id', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('scan_type', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('status_reason', 'text', (c) => c.notNull())
    .addColumn('started_by', 'text', (c) => c.notNull())
    .addColumn('template_id', 'text', (c) => c.notNull())
    .addColumn('spec', 'text', (c) => c.notNull())
    .addColumn('hosts_total', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('hosts_done', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('hosts_up', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('committed_seq', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_seq', 'integer')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('start_time', 'text')
    .addColumn('end_time', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('scans_site').on('scans').column('site_id').execute();
  await db.schema.createIndex('scans_status').on('scans').column('status').execute();
  await addIdColumn(db, db.schema.createTable('scan_commands'))
    .addColumn('scan_id', 'integer', (c) => c.notNull().references('scans.id').onDelete('cascade'))
    .addColumn('engine_id', 'integer', (c) => c.notNull())
    .addColumn('command_id', 'text', (c) => c.notNull().unique())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text')
    .execute();
  await db.schema.createIndex('scan_commands_pending').on('scan_commands').columns(['engine_id', 'sent_at']).execute();
  await db.schema.createTable('scan_hosts')
    .addColumn('scan_id', 'integer', (c) => c.notNull().references('scans.id').onDelete('cascade'))
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('asset_id', 'integer')
    .addColumn('open_ports', 'integer', (c) => c.notNull())
    .addColumn('findings', 'integer', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('done_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('scan_hosts_pk', ['scan_id', 'address'])
    .execute();
  await db.schema.createIndex('scan_hosts_asset').on('scan_hosts').column('asset_id').execute();
  await addIdColumn(db, db.schema.createTable('scan_log'))
    .addColumn('scan_id', 'integer', (c) => c.notNull().references('scans.id').onDelete('cascade'))
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('level', 'text', (c) => c.notNull())
    .addColumn('line', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('scan_log_scan').on('scan_log').columns(['scan_id', 'id']).execute();
  await db.schema.createTable('scan_batches')
    .addColumn('scan_id', 'integer', (c) => c.notNull().references('scans.id').onDelete('cascade'))
    .addColumn('engine_id', 'integer', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('hosts', 'integer', (c) => c.notNull())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('scan_batches_pk', ['scan_id', 'engine_id', 'seq'])
    .execute();
}

/** Drops the scan tables. */
export async function down(db: Kysely<never>): Promise<void> {
  for (const t of ['scan_batches', 'scan_log', 'scan_hosts', 'scan_commands', 'scans']) await db.schema.dropTable(t).execute();
}
