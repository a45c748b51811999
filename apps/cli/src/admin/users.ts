/** `farsight users list|create|delete` (/api/3/users) and `farsight api-keys list|create|revoke` (/api/farsight/api_keys). */
import { randomBytes } from 'node:crypto';
import { Option, type Command } from 'commander';
import { renderTable } from '../output/table-format.ts';
import { action, cell, collect, idArg, printJson, withConnection, type AdminFlags } from './command.ts';
import { AdminError } from './errors.ts';

/** Roles of the console (docs/console.md, Roles). */
export const ROLES = ['global-admin', 'site-owner', 'user'] as const;

interface UserFlags extends AdminFlags { login: string; role: typeof ROLES[number]; name?: string; email?: string; sites?: string[] }
interface KeyListFlags extends AdminFlags { all?: boolean }
interface KeyCreateFlags extends AdminFlags { name: string; userId?: number }

/** A random password the console accepts (12–1024 characters): 24 base64url characters, 144 bits. */
export function generatePassword(): string {
  return randomBytes(18).toString('base64url');
}

/** Parses `--sites 1,4` into ids. Pure. */
export function siteIds(tokens: string[]): number[] {
  return tokens.map((t) => {
    const n = Number(t);
    if (!/^\d+$/.test(t) || n < 1 || n > 2 ** 31 - 1) throw new AdminError('INVALID_ARGUMENT', `--sites: '${t}' is not a site id`, 2);
    return n;
  });
}

/** Adds the `users` and `api-keys` command groups. */
export function registerUsersCommands(program: Command): void {
  const users = program.command('users').description('console users and their roles (global administrators only)');

  withConnection(users.command('list').description('list users'))
    .addHelpText('after', '\nExample:\n  farsight users list')
    .action(action(async (c, f: AdminFlags) => {
      const list = await c.all('/api/3/users?sort=login,ASC');
      if (f.json) return printJson(list);
      process.stdout.write(renderTable(['ID', 'LOGIN', 'NAME', 'ROLE', 'ENABLED', 'LOCKED', 'EMAIL'],
        list.map((u) => [cell(u.id), cell(u.login), cell(u.name), cell(u.role?.id), u.enabled ? 'yes' : 'no', u.locked ? 'yes' : 'no', cell(u.email)])));
    }));

  withConnection(users.command('create').description('create a user; the password comes from FARSIGHT_NEW_USER_PASSWORD or is generated and printed once')
    .requiredOption('--login <login>', 'login name')
    .addOption(new Option('--role <role>', 'role').choices(ROLES).makeOptionMandatory())
    .option('--name <name>', 'display name (default: the login)')
    .option('--email <address>', 'e-mail address')
    .option('--sites <ids...>', 'sites a site-owner owns or a user may read (comma-separated)', collect))
    .addHelpText('after', `
Environment:
  FARSIGHT_NEW_USER_PASSWORD   the new user's password (12-1024 characters); without it a random
                               one is generated and printed once (store it, it is not shown again)
Examples:
  farsight users create --login alice --role site-owner --sites 3,4
  FARSIGHT_NEW_USER_PASSWORD=… farsight users create --login ci-reader --role user --sites 3`)
    .action(action(async (c, f: UserFlags) => {
      const ids = siteIds(f.sites ?? []);
      const given = process.env.FARSIGHT_NEW_USER_PASSWORD;
      const password = given && given.length > 0 ? given : generatePassword();
      const r = await c.json('POST', '/api/3/users', {
        login: f.login, name: f.name ?? f.login, ...(f.email !== undefined && { email: f.email }), password, role: { id: f.role },
      });
      if (ids.length > 0) await c.json('PUT', `/api/3/users/${Number(r.id)}/sites`, ids);
      const shown = given ? undefined : password;
      if (f.json) return printJson({ id: r.id, login: f.login, role: f.role, sites: ids, ...(shown !== undefined && { password: shown }), links: r.links });
      process.stdout.write(`created user ${cell(r.id)} '${f.login}' (${f.role}${ids.length > 0 ? `, sites ${ids.join(',')}` : ''})\n`);
      if (shown !== undefined) process.stdout.write(`one-time password: ${shown}\n(store it now: it is not shown again)\n`);
    }));

  withConnection(users.command('delete').argument('<id>', 'user id', idArg('user id')).description('delete a user (not yourself, not the last global administrator)'))
    .addHelpText('after', '\nExample:\n  farsight users delete 5')
    .action(action(async (c, f: AdminFlags, id: number) => {
      const r = await c.json('DELETE', `/api/3/users/${id}`);
      if (f.json) return printJson(r);
      process.stdout.write(`deleted user ${id}\n`);
    }));

  const keys = program.command('api-keys').description('API keys for scripts (sent as X-Api-Key; use with FARSIGHT_API_KEY)');

  withConnection(keys.command('list').description('list your API keys (never the keys themselves)')
    .option('--all', 'everyone\'s keys (global administrators)'))
    .addHelpText('after', '\nExample:\n  farsight api-keys list --all')
    .action(action(async (c, f: KeyListFlags) => {
      const list = await c.all(`/api/farsight/api_keys${f.all ? '?all=true' : ''}`);
      if (f.json) return printJson(list);
      process.stdout.write(list.length === 0 ? 'no API keys\n' : renderTable(['ID', 'NAME', 'USER', 'PREFIX', 'CREATED', 'LAST USED', 'REVOKED'],
        list.map((k) => [cell(k.id), cell(k.name), cell(k.login), cell(k.prefix), cell(k.createdAt), cell(k.lastUsedAt) || 'never', cell(k.revokedAt) || '-'])));
    }));

  withConnection(keys.command('create').description('create an API key; the key is printed only this once')
    .requiredOption('--name <name>', 'what the key is for')
    .option('--user-id <id>', 'create it for another user (global administrators)', idArg('--user-id')))
    .addHelpText('after', '\nExample:\n  farsight api-keys create --name ci\n  export FARSIGHT_API_KEY=fsk_…   # then: farsight sites list')
    .action(action(async (c, f: KeyCreateFlags) => {
      const r = await c.json('POST', '/api/farsight/api_keys', { name: f.name, ...(f.userId !== undefined && { userId: f.userId }) });
      if (f.json) return printJson(r);
      process.stdout.write(`created API key ${cell(r.id)} '${f.name}' (${cell(r.prefix)})\nkey: ${cell(r.key)}\n(store it now: it is not shown again)\n`);
    }));

  withConnection(keys.command('revoke').argument('<id>', 'API key id', idArg('API key id')).description('revoke an API key at once'))
    .addHelpText('after', '\nExample:\n  farsight api-keys revoke 2')
    .action(action(async (c, f: AdminFlags, id: number) => {
      const r = await c.json('DELETE', `/api/farsight/api_keys/${id}`);
      if (f.json) return printJson(r);
      process.stdout.write(`revoked API key ${id}\n`);
    }));
}
