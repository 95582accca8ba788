import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import {
  copyCanonical,
  openMigratedPostgres,
  withDuckDb,
  withTempDir,
} from '../../../test/support/engines.js';
import type { Engine } from '../../core/engine.js';
import {
  getCheckLanguages,
  listCheckRules,
  runChecks,
  setCheckLanguages,
  updateCheckRule,
} from './checks.js';

const NOW = new Date('2026-03-10T00:00:00Z');

/**
 * Three e-mails of ann: 1 English, late, without greeting; 2 without a customer language in team
 * nl-team, Dutch; 3 Swedish, misspelt, never answered.
 */
async function helpdesk(dir: string): Promise<string[]> {
  const files = {
    'contacts.csv':
      'source,external_id,channel,created_at,team_id,assignee_id,customer_language\n' +
      'shop,1,email,2026-03-02T09:00:00Z,en-team,ann,en-GB\n' +
      'shop,2,email,2026-03-02T10:00:00Z,nl-team,ann,\n' +
      'shop,3,email,2026-03-02T11:00:00Z,en-team,ann,sv\n',
    'contact_events.csv':
      'source,contact_external_id,external_id,kind,occurred_at,agent_id,body\n' +
      'shop,1,m1,customer_message,2026-03-02T09:00:00Z,,Where is my parcel?\n' +
      'shop,1,r1,agent_reply,2026-03-02T11:00:00Z,ann,"The parcel left. As I said, it comes. Regards"\n' +
      'shop,2,m2,customer_message,2026-03-02T10:00:00Z,,Waar blijft mijn pakket?\n' +
      'shop,2,r2,agent_reply,2026-03-02T10:10:00Z,ann,"Hallo! Het is onderweg, graag geholpen. Groet"\n' +
      'shop,3,r3,agent_reply,2026-03-02T11:00:00Z,ann,"Hej! Paketet skikades i dag och kommmer i morgn. Tack"\n' +
      'shop,3,m3,customer_message,2026-03-02T12:00:00Z,,Tack. Och fakturan?\n',
  };
  const paths: string[] = [];
  for (const [name, text] of Object.entries(files)) {
    await writeFile(join(dir, name), text);
    paths.push(join(dir, name));
  }
  return paths;
}

async function hits(db: Engine): Promise<string[]> {
  const rows = await db.all(
    `SELECT contact_key, rule_id, COALESCE(event_external_id, '-') AS event, agent_id FROM qa_check_hits
     ORDER BY contact_key, rule_id, event`,
  );
  return rows.map((r) => `${r.contact_key} ${r.rule_id} ${r.event} ${r.agent_id}`);
}

const EXPECTED_EN_DEFAULT = [
  'shop|1 forbidden_phrases r1 ann',
  'shop|1 greeting r1 ann',
  'shop|1 preferred_phrases - ann',
  'shop|1 reply_time r1 ann',
  // Checked in English (the default language): nothing Dutch is known.
  'shop|2 closing r2 ann',
  'shop|2 greeting r2 ann',
  'shop|2 preferred_phrases - ann',
  'shop|2 spelling r2 ann',
  'shop|3 preferred_phrases - ann',
  'shop|3 spelling r3 ann',
  'shop|3 unanswered_gap m3 null',
];

describe('automatic checks over the stored contacts', () => {
  test('the same hits on DuckDB, PGlite and a PostgreSQL server; the language of the team when the customer has none', async () => {
    await withTempDir(async (dir) => {
      await withDuckDb(await helpdesk(dir), async (duck) => {
        // The import checked them already, in English for the contact without a language.
        expect(await hits(duck)).toEqual(EXPECTED_EN_DEFAULT);
        const pg = await openMigratedPostgres('postgres');
        const server = await openMigratedPostgres('postgres-server');
        try {
          await copyCanonical(duck, pg);
          await copyCanonical(duck, server);
          for (const db of [duck, pg, server]) {
            expect(await getCheckLanguages(db)).toEqual({ default: 'en', teams: {} });
            const set = await setCheckLanguages(db, { default: 'en', teams: { 'nl-team': 'nl-NL' } }, NOW);
            expect(set.ok).toBe(true);
            expect(await runChecks(db, 'all', NOW)).toEqual({ checked: 3, hits: 7 });
            expect(await hits(db)).toEqual([
              'shop|1 forbidden_phrases r1 ann',
              'shop|1 greeting r1 ann',
              'shop|1 preferred_phrases - ann',
              'shop|1 reply_time r1 ann',
              'shop|3 preferred_phrases - ann',
              'shop|3 spelling r3 ann',
              'shop|3 unanswered_gap m3 null',
            ]);
            const checked = await db.all('SELECT count(*) AS n FROM qa_checked_contacts');
            expect(Number(checked[0]?.n)).toBe(3);
            // The check facts mark a contact's rule hit exactly when the run stored a hit of it.
            const marked = await db.all(
              'SELECT contact_key, rule_id FROM qa_check_facts WHERE hit ORDER BY contact_key, rule_id',
            );
            expect(marked.length).toBeGreaterThan(3);
            expect(marked).toEqual(
              await db.all(
                `SELECT DISTINCT f.contact_key, f.rule_id FROM qa_check_facts f
                 JOIN qa_check_hits h ON h.contact_key = f.contact_key AND h.rule_id = f.rule_id
                 ORDER BY f.contact_key, f.rule_id`,
              ),
            );
          }
        } finally {
          await pg.close();
          await server.close();
        }
      });
    });
    // PGlite and three dictionaries take their time on a busy machine.
  }, 240_000);

  test('rules are listed with their documentation; edits are checked and used at the next run', async () => {
    await withTempDir(async (dir) => {
      await withDuckDb(await helpdesk(dir), async (db) => {
        const rules = await listCheckRules(db);
        expect(rules.map((r) => r.id)).toEqual([
          'greeting',
          'closing',
          'customer_name',
          'reply_time',
          'forbidden_phrases',
          'preferred_phrases',
          'spelling',
          'unanswered_gap',
        ]);
        expect(rules.find((r) => r.id === 'spelling')?.description).toContain('Chinese is not checked');

        const refused = await updateCheckRule(
          db,
          'spelling',
          { settings: { minErrors: 0, allow: { fr: [] } } },
          NOW,
        );
        expect(refused.ok ? [] : refused.error).toEqual({
          kind: 'invalid',
          issues: [
            { path: 'settings.minErrors', message: expect.any(String) },
            { path: 'settings.allow', message: expect.any(String) },
          ],
        });
        expect(await updateCheckRule(db, 'nope', { enabled: false }, NOW)).toEqual({
          ok: false,
          error: { kind: 'not_found', what: 'check rule nope' },
        });
        expect((await updateCheckRule(db, 'greeting', { enabled: false }, NOW)).ok).toBe(true);
        const edited = await updateCheckRule(
          db,
          'spelling',
          { label: 'Typos', settings: { minErrors: 3, allow: { sv: ['skikades', 'kommmer', 'morgn'] } } },
          NOW,
        );
        expect(edited.ok && edited.data.label).toBe('Typos');
        await runChecks(db, { contactKeys: ['shop|1', 'shop|3'] }, NOW);
        const after = await hits(db);
        expect(after.filter((h) => h.includes(' greeting ') && !h.startsWith('shop|2'))).toEqual([]);
        expect(after.filter((h) => h.startsWith('shop|3 spelling'))).toEqual([]);
        // Contact 2 was not in the run: its hits stay as the import left them.
        expect(after.filter((h) => h.startsWith('shop|2 greeting'))).toEqual(['shop|2 greeting r2 ann']);
      });
    });
  });

  test('a contact that no longer exists loses its hits; an empty scope does nothing', async () => {
    await withTempDir(async (dir) => {
      await withDuckDb(await helpdesk(dir), async (db) => {
        await db.run("DELETE FROM contact_events WHERE contact_key = 'shop|3'");
        await db.run("DELETE FROM contacts WHERE contact_key = 'shop|3'");
        expect(await runChecks(db, { contactKeys: ['shop|3'] }, NOW)).toEqual({ checked: 0, hits: 0 });
        expect((await hits(db)).filter((h) => h.startsWith('shop|3'))).toEqual([]);
        expect(await runChecks(db, { contactKeys: [] }, NOW)).toEqual({ checked: 0, hits: 0 });
        // A full run drops the hits of every contact that is gone, the last one too.
        await db.run("DELETE FROM contact_events WHERE contact_key = 'shop|2'");
        await db.run("DELETE FROM contacts WHERE contact_key = 'shop|2'");
        expect(await runChecks(db, 'all', NOW)).toEqual({ checked: 1, hits: 4 });
        expect((await hits(db)).filter((h) => !h.startsWith('shop|1'))).toEqual([]);
      });
    });
  });
});
