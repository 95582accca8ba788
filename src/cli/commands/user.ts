import { type Command, Option } from 'commander';
import {
  createUser,
  listUsers,
  passwordWeakness,
  ROLES,
  type Role,
  updateUser,
} from '../../services/users.js';
import { CliError, requireDatabase, withDatabase } from '../database.js';
import { dbOption } from '../options.js';
import { out } from '../output.js';
import { readSecret } from '../secret.js';

async function newPassword(): Promise<string> {
  const password = await readSecret('password (at least 10 characters besides spaces): ');
  const weakness = passwordWeakness(password);
  if (weakness) throw new CliError(`password: ${weakness}`);
  if (process.stdin.isTTY && (await readSecret('again: ')) !== password)
    throw new CliError('the passwords differ');
  return password;
}

export function userCommand(program: Command): void {
  const user = program
    .command('user')
    .description('Manage the users of the dashboard and the API')
    .addHelpText(
      'after',
      `
Examples:
  servicemeter user add --email lead@example.com --role admin
  servicemeter user list
  servicemeter user password --email lead@example.com`,
    );
  user
    .command('add')
    .description('Add a user; the password is prompted for, or read from the first line of standard input')
    .requiredOption('--email <address>', 'e-mail address, used to sign in')
    .addOption(new Option('--role <role>', 'role').choices(ROLES).makeOptionMandatory())
    .option('--name <name>', 'display name')
    .option('--agent <id>', 'role agent: the agent id whose figures and contacts the user sees')
    .addOption(dbOption())
    .addHelpText(
      'after',
      `
Roles: admin (everything, settings and users), manager (all data and exports, no users), agent (own
scorecard, team aggregates, own contacts), viewer (read-only aggregates).

Examples:
  servicemeter user add --email lead@example.com --role admin
  printf '%s\\n' "$PASSWORD" | servicemeter user add --email ann@example.com --role agent --agent ann`,
    )
    .action(async (options: { email: string; role: Role; name?: string; agent?: string; db: string }) => {
      requireDatabase(options.db);
      const password = await newPassword();
      await withDatabase(options.db, async (db) => {
        const result = await createUser(db, {
          email: options.email,
          password,
          role: options.role,
          name: options.name,
          agentId: options.agent,
        });
        if (!result.ok) {
          const e = result.error;
          throw new CliError(
            e.kind === 'email_taken'
              ? `a user with e-mail ${e.email} exists`
              : e.kind === 'agent_required'
                ? 'role agent needs --agent <id>: the agent whose data the user sees'
                : e.kind === 'unknown_agent'
                  ? `no agent ${e.agentId} in the database (import the agents first)`
                  : e.kind === 'weak_password'
                    ? `password: ${e.reason}`
                    : `cannot add the user: ${e.kind}`,
          );
        }
        out(`added ${result.data.email} (${result.data.role})`);
      });
    });

  user
    .command('list')
    .description('List the users')
    .addOption(dbOption())
    .addHelpText('after', '\nExample:\n  servicemeter user list --db team.duckdb')
    .action(async (options: { db: string }) => {
      await withDatabase(options.db, async (db) => {
        for (const u of await listUsers(db))
          out(
            `${u.email}\t${u.role}${u.agentId ? `\tagent ${u.agentId}` : ''}${u.disabled ? '\tdisabled' : ''}`,
          );
      });
    });

  user
    .command('password')
    .description("Set a user's password (prompted, or the first line of standard input); ends their sessions")
    .requiredOption('--email <address>', 'the user')
    .addOption(dbOption())
    .addHelpText(
      'after',
      `\nExample:\n  printf '%s\\n' "$NEW_PASSWORD" | servicemeter user password --email lead@example.com`,
    )
    .action(async (options: { email: string; db: string }) => {
      requireDatabase(options.db);
      const password = await newPassword();
      await withDatabase(options.db, async (db) => {
        const found = (await listUsers(db)).find((u) => u.email === options.email.trim().toLowerCase());
        if (!found) throw new CliError(`no user ${options.email}`);
        const result = await updateUser(db, found.id, { password });
        if (!result.ok)
          throw new CliError(
            result.error.kind === 'weak_password'
              ? `password: ${result.error.reason}`
              : `cannot set the password: ${result.error.kind}`,
          );
        out(`password of ${found.email} set`);
      });
    });
}
