/**
 * Config tables, part 1: scan engines and pools (one id space, as in InsightVM where a pool is
 * referenced by an engine id; the built-in Local scan engine is id 1), pool members, shared secrets, sites,
 * targets, global exclusions, custom scan templates.
 */
import { sql, type Kysely } from 'kysely';
import { addIdColumn, dialectOf } from '../helpers.ts';

/** Id of the built-in Local scan engine. */
export const LOCAL_ENGINE_ID = 1;

/** Creates the tables and the Local scan engine row. */
export async function up(db: Kysely<never>): Promise<void> {
  await addIdColumn(db, db.schema.createTable('scan_engines'))
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('port', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('status_reason', 'text')
    .addColumn('status_at', 'text')
    .addColumn('product_version', 'text')
    .addColumn('content_version', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  const now = new Date().toISOString();
  // The Local scan engine runs as a child process of the console and speaks over IPC: no port.
  await sql`INSERT INTO scan_engines (id, name, kind, address, port, status, created_at, updated_at)
    VALUES (${LOCAL_ENGINE_ID}, 'Local scan engine', 'local', '127.0.0.1', 0, 'unknown', ${now}, ${now})`.execute(db);
  if (dialectOf(db) === 'postgres') {
    // An explicit id does not advance an identity sequence; move it past the Local engine.
    await sql`SELECT setval(pg_get_serial_sequence('scan_engines', 'id'), ${LOCAL_ENGINE_ID})`.execute(db);
  }
  await db.schema.createTable('engine_pool_members')
    .addColumn('pool_id', 'integer', (c) => c.notNull().references('scan_engines.id').onDelete('cascade'))
    .addColumn('engine_id', 'integer', (c) => c.notNull().references('scan_engines.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('engine_pool_members_pk', ['pool_id', 'engine_id'])
    .execute();
  await db.schema.createIndex('engine_pool_members_engine').on('engine_pool_members').column('engine_id').execute();
  await addIdColumn(db, db.schema.createTable('engine_shared_secrets'))
    .addColumn('secret_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .execute();
  await db.schema.createTable('scan_templates')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('copy_of', 'text')
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await addIdColumn(db, db.schema.createTable('sites'))
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('importance', 'text', (c) => c.notNull())
    .addColumn('scan_template_id', 'text', (c) => c.notNull())
    .addColumn('engine_id', 'integer', (c) => c.notNull().references('scan_engines.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createTable('site_targets')
    .addColumn('site_id', 'integer', (c) => c.notNull().references('sites.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('token', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('site_targets_pk', ['site_id', 'kind', 'position'])
    .execute();
  await db.schema.createTable('global_exclusions')
    .addColumn('position', 'integer', (c) => c.primaryKey())
    .addColumn('token', 'text', (c) => c.notNull())
    .execute();
}

/** Drops the tables. */
export async function down(db: Kysely<never>): Promise<void> {
  for (const t of ['global_exclusions', 'site_targets', 'sites', 'scan_templates', 'engine_shared_secrets', 'engine_pool_members', 'scan_engines']) {
    await db.schema.dropTable(t).execute();
  }
}
