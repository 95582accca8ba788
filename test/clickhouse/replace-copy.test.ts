import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { type ClickHouseEngine, openClickHouse } from '../../src/engines/clickhouse/engine.js';
import { migrateToClickHouse } from '../../src/services/analytics-copy.js';
import { FIXTURES, withDuckDb } from '../support/engines.js';

/** A copy replaced: made beside the old one, then exchanged; a failed replacement keeps the old. */
let folder: string;
let ch: ClickHouseEngine;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'servicemeter-replace-'));
  ch = await openClickHouse({ url: `chdb://${folder}?database=team` });
});

afterAll(async () => {
  await ch?.close();
  await rm(folder, { recursive: true, force: true });
});

const count = async (table: string) => Number((await ch.all(`SELECT count(*) AS n FROM ${table}`))[0]?.n);
const databases = async () =>
  (await ch.all("SELECT name FROM system.databases WHERE name LIKE 'team%' ORDER BY name")).map((r) =>
    String(r.name),
  );

test('a replacement takes the old copy’s place table by table; one that fails leaves the old copy as it was', async () => {
  await withDuckDb([join(FIXTURES, 'small-helpdesk')], async (duck) => {
    const first = await migrateToClickHouse(duck, ch);
    expect(first.ok, JSON.stringify(first)).toBe(true);
    const contacts = await count('contacts');
    expect(contacts).toBeGreaterThan(0);

    // Without --replace the copy there is refused, untouched.
    const refused = await migrateToClickHouse(duck, ch);
    expect(refused.ok || refused.error.kind).toBe('target_not_empty');

    // One more contact in the file: the replacement holds it, and the views read the new tables.
    await duck.run(
      `INSERT INTO contacts (source, external_id, channel, created_at, status, contact_key)
       VALUES ('helpdesk', 't900', 'email', TIMESTAMP '2026-03-03 10:00:00', 'open', 'helpdesk|t900')`,
    );
    // A view as an older servicemeter wrote it: the replacement writes it as this one does.
    await ch.run('CREATE OR REPLACE VIEW qa_contact_facts AS SELECT * FROM contact_facts WHERE 0');
    const replaced = await migrateToClickHouse(duck, ch, { replace: true });
    expect(replaced.ok, JSON.stringify(replaced)).toBe(true);
    if (!replaced.ok) return;
    expect(replaced.data.replacedRows).toBeGreaterThan(0);
    expect(await count('contacts')).toBe(contacts + 1);
    expect(await count('qa_contact_facts')).toBe(await count('contact_facts WHERE assignee_id IS NOT NULL'));
    expect(await databases()).toEqual(['team']);

    // A table ClickHouse cannot take fails the replacement: the old copy still answers, whole.
    await duck.run('CREATE TABLE notes_on_calls (id VARCHAR, took INTERVAL)');
    await duck.run("INSERT INTO notes_on_calls VALUES ('n1', INTERVAL 5 MINUTE)");
    const failed = await migrateToClickHouse(duck, ch, { replace: true });
    expect(failed.ok).toBe(false);
    if (failed.ok) return;
    expect(failed.error).toMatchObject({ kind: 'copy_failed', table: 'notes_on_calls' });
    expect(JSON.stringify(failed.error)).toMatch(/no ClickHouse type for the DuckDB type INTERVAL/);
    expect(await count('contacts')).toBe(contacts + 1);
    expect(await count('contact_facts')).toBeGreaterThan(0);
    expect(await databases()).toEqual(['team']);
  });
}, 120_000);
