/**
 * Authenticated scanning through the console (issues 3 + 6): the login outcome of every host a
 * scan credential applied to, per scan (credential coverage) and per asset (latest outcome).
 */
import { sql, type Kysely } from 'kysely';

/** Creates scan_host_auth. */
export async function up(db: Kysely<never>): Promise<void> {
  await db.schema.createTable('scan_host_auth')
    .addColumn('scan_id', 'integer', (c) => c.notNull())
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('asset_id', 'integer')
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('credential_id', 'integer')
    .addColumn('credential', 'text')
    .addColumn('user_name', 'text')
    .addColumn('port', 'integer', (c) => c.notNull())
    .addColumn('method', 'text')
    .addColumn('elevation', 'text')
    .addColumn('detail', 'text', (c) => c.notNull().defaultTo(sql`''`))
    .addColumn('host_key', 'text')
    .addColumn('packages', 'integer')
    .addColumn('os', 'text')
    .addColumn('ecosystem', 'text')
    .addColumn('kernel', 'text')
    .addColumn('duration_ms', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('scan_host_auth_pk', ['scan_id', 'address'])
    .execute();
  await db.schema.createIndex('scan_host_auth_asset').on('scan_host_auth').columns(['asset_id', 'scan_id']).execute();
}

/** Drops it. */
export async function down(db: Kysely<never>): Promise<void> {
  await db.schema.dropTable('scan_host_auth').execute();
}
