/**
 * Credential collection routes (issue 3): a shared credential assigned to a site can be disabled
 * for that site only (v3 `PUT /sites/{id}/shared_credentials/{credentialId}/enabled`) — a row in
 * `site_shared_credentials_disabled` means "not used by this site's scans". And the pairing
 * shared secret is kept sealed with the master key beside its hash (`secret_sealed`), so
 * `GET /api/3/scan_engines/shared_secret` can show the live one again.
 */
import type { Kysely } from 'kysely';

/** Creates the table and the column. */
export async function up(db: Kysely<never>): Promise<void> {
  await db.schema.createTable('site_shared_credentials_disabled')
    .addColumn('site_id', 'integer', (c) => c.notNull().references('sites.id').onDelete('cascade'))
    .addColumn('credential_id', 'integer', (c) => c.notNull().references('credentials.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('site_shared_credentials_disabled_pk', ['site_id', 'credential_id'])
    .execute();
  await db.schema.alterTable('engine_shared_secrets').addColumn('secret_sealed', 'text').execute();
}

/** Drops them. */
export async function down(db: Kysely<never>): Promise<void> {
  await db.schema.alterTable('engine_shared_secrets').dropColumn('secret_sealed').execute();
  await db.schema.dropTable('site_shared_credentials_disabled').execute();
}
