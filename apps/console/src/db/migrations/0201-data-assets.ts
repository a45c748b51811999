/**
 * Data tables, part 2: assets (one per host across scans and sites), the identifiers that
 * merged into each (address, hostname, MAC, with the merge reason), site membership,
 * services, software, findings keyed semantically (asset, check, port, protocol, instance)
 * and their status history.
 */
import type { Kysely } from 'kysely';
import { addIdColumn } from '../helpers.ts';

/** Creates the asset and finding tables. */
export async function up(db: Kysely<never>): Promise<void> {
  await addIdColumn(db, db.schema.createTable('assets'))
    .addColumn('ip', 'text', (c) => c.notNull())
    .addColumn('host_name', 'text')
    .addColumn('mac', 'text')
    .addColumn('os', 'text')
    .addColumn('os_json', 'text')
    .addColumn('first_seen', 'text', (c) => c.notNull())
    .addColumn('last_seen', 'text', (c) => c.notNull())
    .addColumn('last_scan_id', 'integer')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('assets_ip').on('assets').column('ip').execute();
  await addIdColumn(db, db.schema.createTable('asset_addresses'))
    .addColumn('asset_id', 'integer', (c) => c.notNull().references('assets.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('scan_id', 'integer')
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('asset_addresses_kind_value', ['kind', 'value'])
    .execute();
  await db.schema.createIndex('asset_addresses_asset').on('asset_addresses').column('asset_id').execute();
  await db.schema.createTable('asset_sites')
    .addColumn('asset_id', 'integer', (c) => c.notNull().references('assets.id').onDelete('cascade'))
    .addColumn('site_id', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('asset_sites_pk', ['asset_id', 'site_id'])
    .execute();
  await db.schema.createIndex('asset_sites_site').on('asset_sites').column('site_id').execute();
  await addIdColumn(db, db.schema.createTable('services'))
    .addColumn('asset_id', 'integer', (c) => c.notNull().references('assets.id').onDelete('cascade'))
    .addColumn('port', 'integer', (c) => c.notNull())
    .addColumn('protocol', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('family', 'text')
    .addColumn('vendor', 'text')
    .addColumn('product', 'text')
    .addColumn('version', 'text')
    .addColumn('cpe', 'text')
    .addColumn('tunnel', 'text')
    .addColumn('banner', 'text')
    .addColumn('first_seen', 'text', (c) => c.notNull())
    .addColumn('last_seen', 'text', (c) => c.notNull())
    .addColumn('last_scan_id', 'integer', (c) => c.notNull())
    .addUniqueConstraint('services_asset_port', ['asset_id', 'port', 'protocol'])
    .execute();
  await addIdColumn(db, db.schema.createTable('software'))
    .addColumn('asset_id', 'integer', (c) => c.notNull().references('assets.id').onDelete('cascade'))
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('vendor', 'text', (c) => c.notNull())
    .addColumn('product', 'text', (c) => c.notNull())
    .addColumn('version', 'text', (c) => c.notNull())
    .addColumn('family', 'text')
    .addColumn('cpe', 'text')
    .addColumn('last_scan_id', 'integer', (c) => c.notNull())
    .addUniqueConstraint('software_asset_key', ['asset_id', 'type', 'vendor', 'product', 'version'])
    .execute();
  await addIdColumn(db, db.schema.createTable('findings'))
    .addColumn('asset_id', 'integer', (c) => c.notNull().references('assets.id').onDelete('cascade'))
    .addColumn('check_id', 'text', (c) => c.notNull())
    .addColumn('port', 'integer', (c) => c.notNull())
    .addColumn('protocol', 'text', (c) => c.notNull())
    .addColumn('instance', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('severity', 'text', (c) => c.notNull())
    .addColumn('title', 'text')
    .addColumn('proof', 'text')
    .addColumn('first_seen', 'text', (c) => c.notNull())
    .addColumn('last_seen', 'text', (c) => c.notNull())
    .addColumn('since', 'text', (c) => c.notNull())
    .addColumn('first_scan_id', 'integer', (c) => c.notNull())
    .addColumn('last_scan_id', 'integer', (c) => c.notNull())
    .addColumn('status_scan_id', 'integer', (c) => c.notNull())
    .addUniqueConstraint('findings_key', ['asset_id', 'check_id', 'port', 'protocol', 'instance'])
    .execute();
  await db.schema.createIndex('findings_last_scan').on('findings').column('last_scan_id').execute();
  await db.schema.createIndex('findings_check').on('findings').column('check_id').execute();
  await addIdColumn(db, db.schema.createTable('finding_history'))
    .addColumn('finding_id', 'integer', (c) => c.notNull().references('findings.id').onDelete('cascade'))
    .addColumn('scan_id', 'integer')
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('from_status', 'text')
    .addColumn('to_status', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('finding_history_finding').on('finding_history').column('finding_id').execute();
}

/** Drops the asset and finding tables. */
export async function down(db: Kysely<never>): Promise<void> {
  for (const t of ['finding_history', 'findings', 'software', 'services', 'asset_sites', 'asset_addresses', 'assets']) await db.schema.dropTable(t).execute();
}
