import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { withDuckDb, withTempDir } from '../../../test/support/engines.js';
import { fixturePath, importSourceOrThrow, kpiOverview } from '../../../test/support/sources.js';
import { webhookFixture, webhookRequest, zendeskHeaders } from '../../../test/support/webhooks.js';
import type { DuckDbEngine } from '../../engines/duckdb/engine.js';
import { openDuckDb } from '../../engines/duckdb/engine.js';
import { zendesk as zendeskFormat } from '../../ingest/sources/zendesk.js';
import { serializeEngine } from '../../server/serialized-engine.js';
import { migrate } from '../migrate.js';
import { WebhookIntake } from './intake.js';
import { WebhookProcessor } from './processor.js';
import { createWebhookSource, getWebhookSource, replaceWebhookSecret } from './sources.js';

const SECRET = 'the-zendesk-signing-secret';
const NOW = new Date('2024-06-03T11:00:05Z');
const TICKET_201 = [
  'ticket-created.json',
  'comment-added-customer.json',
  'agent-assignment-changed.json',
  'comment-added-agent.json',
  'status-changed.json',
];

function signed(body: Uint8Array, secret = SECRET, at = NOW) {
  return webhookRequest(body, zendeskHeaders(body, secret, at));
}

const fixture = (name: string) => webhookFixture('zendesk', name);

/** A fixture with its event id (and anything else) replaced: another event of the same kind. */
function edited(name: string, edit: (payload: Record<string, unknown>) => void): Uint8Array {
  const payload = JSON.parse(Buffer.from(fixture(name)).toString('utf8')) as Record<string, unknown>;
  edit(payload);
  return new TextEncoder().encode(JSON.stringify(payload));
}

/** The server's setting: one writer shared through the queue, the raw engine for imports. */
async function setUp(db: DuckDbEngine) {
  const engine = serializeEngine(db);
  const created = await createWebhookSource(engine, { vendor: 'zendesk', secret: SECRET });
  if (!created.ok) throw new Error(JSON.stringify(created.error));
  const intake = new WebhookIntake(engine, { now: () => NOW });
  const processor = new WebhookProcessor({ engine, database: db });
  return { engine, source: created.data, intake, processor };
}

async function eventRows(db: DuckDbEngine) {
  return db.all('SELECT event_id, kind, outcome, error FROM webhook_events ORDER BY arrival');
}

describe('webhook intake', () => {
  test('a signed event is stored before it is acknowledged, and its repeat is acknowledged and ignored', async () => {
    await withDuckDb([], async (db) => {
      const { intake, source } = await setUp(db);
      const request = signed(fixture('comment-added-customer.json'));
      expect(await intake.receive('zendesk', source.id, request)).toEqual({
        outcome: 'stored',
        accepted: 1,
        repeated: 0,
      });
      // On disk when `receive` returned: read without waiting for anything else.
      expect(await eventRows(db)).toEqual([
        {
          event_id: '01J0Z8K2V6ZC1H2W3X4Y5Z6A7C',
          kind: 'zen:event-type:ticket.comment_added',
          outcome: null,
          error: null,
        },
      ]);
      expect(await intake.receive('zendesk', source.id, request)).toEqual({
        outcome: 'stored',
        accepted: 0,
        repeated: 1,
      });
      expect(await eventRows(db)).toHaveLength(1);
      expect(await getWebhookSource(db, source.id)).toMatchObject({
        lastEventAt: '2024-06-03T11:00:05Z',
        lastOutcome: 'accepted',
        lastError: null,
        eventsAccepted: 1,
        eventsRefused: 0,
      });
    });
  });

  test('a wrong signature, an old timestamp or an unknown source is refused and nothing is stored', async () => {
    await withDuckDb([], async (db) => {
      const { intake, source } = await setUp(db);
      const body = fixture('ticket-created.json');
      expect(await intake.receive('zendesk', source.id, signed(body, 'another-secret'))).toEqual({
        outcome: 'refused',
        reason: 'X-Zendesk-Webhook-Signature does not match the timestamp and body signed with the secret',
      });
      const old = signed(body, SECRET, new Date(NOW.getTime() - 6 * 60_000));
      expect(await intake.receive('zendesk', source.id, old)).toMatchObject({ outcome: 'refused' });
      expect(await intake.receive('chatwoot', source.id, signed(body))).toEqual({
        outcome: 'unknown_source',
      });
      expect(await intake.receive('zendesk', 'no-such-source', signed(body))).toEqual({
        outcome: 'unknown_source',
      });
      await intake.close();
      expect(await eventRows(db)).toEqual([]);
      expect(await getWebhookSource(db, source.id)).toMatchObject({
        lastOutcome: 'refused',
        lastError: 'signed at 2024-06-03T10:54:05Z, 360 s ago: more than 5 minutes',
        eventsAccepted: 0,
        eventsRefused: 2,
      });
    });
  });

  test('a new secret takes over from the old one once the sources are read again', async () => {
    await withDuckDb([], async (db) => {
      const { intake, source, engine } = await setUp(db);
      const replaced = await replaceWebhookSecret(engine, source.id, 'the-new-signing-secret');
      expect(replaced.ok).toBe(true);
      intake.forgetSources();
      const body = fixture('ticket-created.json');
      expect(await intake.receive('zendesk', source.id, signed(body))).toMatchObject({ outcome: 'refused' });
      expect(
        await intake.receive('zendesk', source.id, signed(body, 'the-new-signing-secret')),
      ).toMatchObject({
        outcome: 'stored',
      });
    });
  });

  test('requests arriving together share a transaction', async () => {
    await withDuckDb([], async (db) => {
      const { intake, source, engine } = await setUp(db);
      let transactions = 0;
      const counting = new WebhookIntake(
        {
          ...engine,
          transaction: (work) => {
            transactions++;
            return engine.transaction(work);
          },
        },
        { now: () => NOW },
      );
      const bodies = Array.from({ length: 60 }, (_, i) =>
        edited('comment-added-customer.json', (payload) => {
          payload.id = `burst-${i}`;
        }),
      );
      const outcomes = await Promise.all(
        bodies.map((body) => counting.receive('zendesk', source.id, signed(body))),
      );
      expect(outcomes.every((o) => o.outcome === 'stored' && o.accepted === 1)).toBe(true);
      expect(await eventRows(db)).toHaveLength(60);
      expect(transactions).toBeLessThanOrEqual(2);
      await intake.close();
    });
  });

  test('a signed body too deeply nested to store is refused alone; the request beside it is stored', async () => {
    await withDuckDb([], async (db) => {
      const { intake, source } = await setUp(db);
      const good = edited('comment-added-customer.json', (payload) => {
        payload.id = 'beside-the-deep-one';
      });
      const text = Buffer.from(fixture('status-changed.json')).toString('utf8');
      const levels = 200_000;
      // Written by hand: JSON.stringify cannot write what it is about.
      const deep = new TextEncoder().encode(
        `{"nested":${'['.repeat(levels)}${']'.repeat(levels)},${text.slice(text.indexOf('{') + 1)}`,
      );
      const [stored, refused] = await Promise.all([
        intake.receive('zendesk', source.id, signed(good)),
        intake.receive('zendesk', source.id, signed(deep)),
      ]);
      expect(stored).toEqual({ outcome: 'stored', accepted: 1, repeated: 0 });
      expect(refused).toEqual({
        outcome: 'unreadable',
        reason: expect.stringMatching(
          /^event \S+ cannot be stored as JSON: it nests too deeply or is too large$/,
        ),
      });
      expect((await eventRows(db)).map((r) => r.event_id)).toEqual(['beside-the-deep-one']);
      await intake.close();
      expect(await getWebhookSource(db, source.id)).toMatchObject({ eventsAccepted: 1, eventsRefused: 1 });
    });
  });
});

describe('webhook processing', () => {
  test('stored events become contacts and indicators, and are marked processed', async () => {
    await withDuckDb([], async (db) => {
      const { intake, source, processor } = await setUp(db);
      for (const name of TICKET_201) await intake.receive('zendesk', source.id, signed(fixture(name)));
      expect(await processor.processWaiting()).toBe(5);
      expect(await db.all("SELECT external_id, status FROM contacts WHERE source = 'zendesk'")).toEqual([
        { external_id: '201', status: 'solved' },
      ]);
      expect(
        await kpiOverview(db, ['contacts_created', 'frt', 'contacts_resolved'], {
          from: '2024-06-03',
          to: '2024-06-04',
        }),
      ).toEqual({
        contacts_created: { value: 1, n: 1 },
        frt: { value: 1799, n: 1 },
        contacts_resolved: { value: 1, n: 1 },
      });
      expect((await eventRows(db)).map((row) => row.outcome)).toEqual(['ok', 'ok', 'ok', 'ok', 'ok']);
      expect(await processor.processWaiting()).toBe(0);
    });
  });

  test('an event the import refuses is marked failed with why, and the others are imported', async () => {
    await withDuckDb([], async (db) => {
      const { intake, source, processor } = await setUp(db);
      const bad = edited('priority-changed.json', (payload) => {
        payload.id = 'the-bad-one';
        (payload.detail as Record<string, unknown>).status = 'ESCALATED';
      });
      await intake.receive('zendesk', source.id, signed(fixture('ticket-created.json')));
      await intake.receive('zendesk', source.id, signed(bad));
      await intake.receive('zendesk', source.id, signed(fixture('comment-added-customer.json')));
      await processor.processWaiting();
      expect(await eventRows(db)).toEqual([
        {
          event_id: '01J0Z8K2V6ZC1H2W3X4Y5Z6A7B',
          kind: 'zen:event-type:ticket.created',
          outcome: 'ok',
          error: null,
        },
        {
          event_id: 'the-bad-one',
          kind: 'zen:event-type:ticket.priority_changed',
          outcome: 'failed',
          error:
            "line 3, tickets[0].status: status 'escalated' is not one of new, open, pending, hold, solved, closed",
        },
        {
          event_id: '01J0Z8K2V6ZC1H2W3X4Y5Z6A7C',
          kind: 'zen:event-type:ticket.comment_added',
          outcome: 'ok',
          error: null,
        },
      ]);
      expect(await db.all('SELECT kind FROM contact_events ORDER BY occurred_at')).toEqual([
        { kind: 'status_change' },
        { kind: 'customer_message' },
      ]);
    });
  });

  test('an agent known from an export keeps the e-mail and team a comment does not carry', async () => {
    await withDuckDb([], async (db) => {
      await importSourceOrThrow(db, zendeskFormat, [fixturePath('sources/zendesk/users.json')]);
      const { intake, source, processor } = await setUp(db);
      await intake.receive('zendesk', source.id, signed(fixture('comment-added-agent.json')));
      await processor.processWaiting();
      expect(await db.all("SELECT name, email, team_id, active FROM agents WHERE id = '1001'")).toEqual([
        { name: 'Ann de Vries', email: 'ann@example.com', team_id: '360001', active: true },
      ]);
    });
  });

  test('events left unprocessed when the server stopped are processed at the next start', async () => {
    await withTempDir(async (dir) => {
      const path = join(dir, 'restart.duckdb');
      const first = await openDuckDb({ path });
      await migrate(first);
      const { intake, source } = await setUp(first);
      for (const name of TICKET_201) await intake.receive('zendesk', source.id, signed(fixture(name)));
      await intake.close();
      await first.close();

      const second = await openDuckDb({ path });
      try {
        let imported = 0;
        const processor = new WebhookProcessor({
          engine: serializeEngine(second),
          database: second,
          intervalMs: 20,
          onImported: () => {
            imported++;
          },
        });
        processor.start();
        while (imported === 0) await new Promise((resolve) => setTimeout(resolve, 20));
        await processor.stop();
        expect((await eventRows(second)).map((row) => row.outcome)).toEqual(['ok', 'ok', 'ok', 'ok', 'ok']);
        expect(await second.all('SELECT external_id, status FROM contacts')).toEqual([
          { external_id: '201', status: 'solved' },
        ]);
      } finally {
        await second.close();
      }
    });
  });
});
