/** Config tables, part 2: credentials (secrets sealed), vulnerability definitions, vulnerability exceptions. */
import type { Kysely } from 'kysely';
import { addIdColumn } from '../helpers.ts';

/** Creates the tables. */
export async function up(db: Kysely<never>): Promise<void> {
  await addIdColumn(db, db.schema.createTable('credentials'))
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('site_id', 'integer', (c) => c.references('sites.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('service', 'text', (c) => c.notNull())
    .addColumn('account', 'text', (c) => c.notNull())
    .addColumn('secret', 'text', (c) => c.notNull())
    .addColumn('secret_ref', 'text', (c) => c.notNull().unique())
    .addColumn('host_restriction', 'text')
    .addColumn('port_restriction', 'integer')
    .addColumn('site_assignment', 'text')
    .addColumn('enabled', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('credentials_site').on('credentials').column('site_id').execute();
  await db.schema.createTable('credential_sites')
    .addColumn('credential_id', 'integer', (c) => c.notNull().references('credentials.id').onDelete('cascade'))
    .addColumn('site_id', 'integer', (c) => c.notNull().references('sites.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('credential_sites_pk', ['credential_id', 'site_id'])
    .execute();
  await db.schema.createTable('vulnerabilities')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('severity', 'text', (c) => c.notNull())
    .addColumn('severity_score', 'integer', (c) => c.notNull())
    .addColumn('cvss_v2_vector', 'text')
    .addColumn('cvss_v2_score', 'real')
    .addColumn('cvss_v3_vector', 'text')
    .addColumn('cvss_v3_score', 'real')
    .addColumn('cves', 'text', (c) => c.notNull())
    .addColumn('categories', 'text', (c) => c.notNull())
    .addColumn('refs', 'text', (c) => c.notNull())
    .addColumn('denial_of_service', 'integer', (c) => c.notNull())
    .addColumn('published', 'text')
    .addColumn('added', 'text', (c) => c.notNull())
    .addColumn('modified', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('vulnerabilities_severity').on('vulnerabilities').column('severity_score').execute();
  await addIdColumn(db, db.schema.createTable('vulnerability_exceptions'))
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('scope_type', 'text', (c) => c.notNull())
    .addColumn('scope_id', 'integer')
    .addColumn('vulnerability_id', 'text', (c) => c.notNull())
    .addColumn('port', 'integer')
    .addColumn('instance_key', 'text')
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('comment', 'text', (c) => c.notNull())
    .addColumn('submitted_by', 'integer', (c) => c.notNull())
    .addColumn('submitted_login', 'text', (c) => c.notNull())
    .addColumn('submitted_at', 'text', (c) => c.notNull())
    .addColumn('reviewed_by', 'integer')
    .addColumn('reviewed_login', 'text')
    .addColumn('review_comment', 'text')
    .addColumn('reviewed_at', 'text')
    .addColumn('expires', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('vulnerability_exceptions_vuln').on('vulnerability_exceptions').columns(['vulnerability_id', 'state']).execute();
}

/** Drops the tables. */
export async function down(db: Kysely<never>): Promise<void> {
  for (const t of ['vulnerability_exceptions', 'vulnerabilities', 'credential_sites', 'credentials']) await db.schema.dropTable(t).execute();
}
