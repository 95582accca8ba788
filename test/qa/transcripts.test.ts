/**
 * Message text from every source that has it, into contact_events.body: the imports, the webhook
 * conversion, a mapped CSV; the transcript built from it; the checks run after an import; and the
 * words erased with the customer.
 */
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { chatwoot } from '../../src/ingest/sources/chatwoot.js';
import { csvMapped } from '../../src/ingest/sources/csv-mapped.js';
import { freshdesk } from '../../src/ingest/sources/freshdesk.js';
import { intercom } from '../../src/ingest/sources/intercom.js';
import { socialThreads } from '../../src/ingest/sources/social-threads.js';
import { zendesk } from '../../src/ingest/sources/zendesk.js';
import { chatwootWebhooks } from '../../src/ingest/webhooks/chatwoot.js';
import { intercomWebhooks } from '../../src/ingest/webhooks/intercom.js';
import type { ReceivedEvent, WebhookVendor } from '../../src/ingest/webhooks/vendor.js';
import { zendeskWebhooks } from '../../src/ingest/webhooks/zendesk.js';
import { importFiles } from '../../src/services/import.js';
import { transcript } from '../../src/services/qa/transcript.js';
import { eraseCustomer } from '../../src/services/surveys/erase.js';
import { withDuckDb, withTempDir } from '../support/engines.js';
import { fixturePath, importSourceOrThrow } from '../support/sources.js';
import { chatwootHeaders, webhookFixture, webhookRequest, zendeskHeaders } from '../support/webhooks.js';

type Db = Parameters<Parameters<typeof withDuckDb>[1]>[0];

async function bodies(db: Db, contact?: string): Promise<[string, string, string][]> {
  const rows = await db.all(
    `SELECT contact_external_id, kind, body FROM contact_events WHERE body IS NOT NULL
     ${contact === undefined ? '' : `AND contact_external_id = '${contact}'`}
     ORDER BY occurred_at, external_id`,
  );
  return rows.map((r) => [String(r.contact_external_id), String(r.kind), String(r.body)]);
}

describe('message text from the sources', () => {
  test('Zendesk: the comments of the audits, customer and agent, public and internal', async () => {
    await withDuckDb([], async (db) => {
      const folder = fixturePath('sources/zendesk/');
      const files = (await readdir(folder)).filter((name) => name.endsWith('.json'));
      await importSourceOrThrow(
        db,
        zendesk,
        files.map((name) => join(folder, name)),
      );
      const ticket101 = await bodies(db, '101');
      expect(ticket101).toContainEqual(['101', 'customer_message', 'My parcel has not arrived.']);
      expect(ticket101).toContainEqual(['101', 'agent_reply', 'Could you send us your order number?']);
      // Status changes and assignments have no words.
      const wordless = await db.all(
        "SELECT count(*) AS n FROM contact_events WHERE kind IN ('status_change', 'assignment') AND body IS NOT NULL",
      );
      expect(Number(wordless[0]?.n)).toBe(0);
    });
  });

  test('Zendesk: an HTML body without plain_body becomes plain text, cut at 20,000 characters', async () => {
    await withTempDir(async (dir) => {
      const audits = JSON.parse(await readFile(fixturePath('sources/zendesk/audits-101.json'), 'utf8')) as {
        audits: { events: Record<string, unknown>[] }[];
      };
      const comment = audits.audits.flatMap((a) => a.events).find((e) => e.type === 'Comment');
      if (!comment) throw new Error('no comment in the fixture');
      delete comment.plain_body;
      comment.body = `<p>Hello &amp; welcome,</p><p>Line <b>two</b>&nbsp;here.</p><script>alert(1)</script>${'x'.repeat(30_000)}`;
      await writeFile(join(dir, 'audits-101.json'), JSON.stringify(audits));
      for (const name of ['tickets.json', 'users.json'])
        await writeFile(join(dir, name), await readFile(fixturePath(`sources/zendesk/${name}`)));
      await withDuckDb([], async (db) => {
        await importSourceOrThrow(db, zendesk, [dir]);
        const [first] = await bodies(db, '101');
        const body = first?.[2] ?? '';
        expect(body.startsWith('Hello & welcome,\nLine two here.\nxxx')).toBe(true);
        expect(body).not.toContain('alert');
        expect(body.length).toBe(20_000);
      });
    });
  });

  test('Zendesk webhooks: the comment of a comment_added event', async () => {
    await withTempDir(async (dir) => {
      const at = new Date('2024-06-03T11:00:05Z');
      const events = [
        'ticket-created.json',
        'comment-added-customer.json',
        'comment-added-agent.json',
      ].flatMap((name) => {
        const body = webhookFixture('zendesk', name);
        const read = zendeskWebhooks.events(webhookRequest(body, zendeskHeaders(body, 'secret', at)));
        if (!read.ok) throw new Error(read.reason);
        return read.events;
      });
      const files = await zendeskWebhooks.toFiles(events, dir);
      await withDuckDb([], async (db) => {
        await importSourceOrThrow(db, zendeskWebhooks.format, files);
        expect(await bodies(db)).toContainEqual(['201', 'agent_reply', 'We are looking into it.']);
      });
    });
  });

  /** The events of the fixtures as a vendor reads them, converted and imported; the bodies stored. */
  async function viaWebhooks(vendor: WebhookVendor, events: ReceivedEvent[]) {
    return withTempDir(async (dir) => {
      const files = await vendor.toFiles(events, dir);
      return withDuckDb([], async (db) => {
        await importSourceOrThrow(db, vendor.format, files);
        return bodies(db);
      });
    });
  }

  test('Chatwoot and Intercom webhooks: the message content and the parts’ HTML bodies', async () => {
    const at = new Date('2024-06-03T11:00:05Z');
    const chatwootEvents = ['message-created-incoming.json', 'message-created-outgoing.json'].flatMap(
      (name) => {
        const body = webhookFixture('chatwoot', name);
        const read = chatwootWebhooks.events(webhookRequest(body, chatwootHeaders(body, 'secret', at)));
        if (!read.ok) throw new Error(read.reason);
        return read.events;
      },
    );
    const fromChatwoot = await viaWebhooks(chatwootWebhooks, chatwootEvents);
    expect(fromChatwoot.map(([, kind, body]) => [kind, body])).toContainEqual([
      'agent_reply',
      'Sorry to hear that, I am checking with the carrier.',
    ]);
    const intercomEvents = ['1-conversation.user.created.json', '3-conversation.admin.replied.json'].flatMap(
      (name) => {
        const body = webhookFixture('intercom', name);
        const read = intercomWebhooks.events(webhookRequest(body, { 'content-type': 'application/json' }));
        if (!read.ok) throw new Error(read.reason);
        return read.events;
      },
    );
    const fromIntercom = await viaWebhooks(intercomWebhooks, intercomEvents);
    expect(fromIntercom.map(([, kind, body]) => [kind, body])).toEqual([
      ['customer_message', 'My order arrived broken.'],
      ['agent_reply', 'Sorry to hear that: a new one is on its way.'],
    ]);
  });

  test('Chatwoot: message content, customer, agent and bot; activity messages keep none', async () => {
    await withDuckDb([], async (db) => {
      await importSourceOrThrow(db, chatwoot, [fixturePath('sources/chatwoot/api')]);
      const all = await bodies(db);
      expect(all).toContainEqual(['101', 'customer_message', 'Hi, my parcel is late']);
      expect(all).toContainEqual(['101', 'bot_message', 'I am the assistant. Let me find someone for you.']);
      expect(all.map(([, , body]) => body)).toContain('Your parcel arrives tomorrow.');
      expect(all.filter(([, kind]) => kind === 'status_change')).toEqual([]);
    });
  });

  test('Intercom: the first message and the parts, HTML made plain text, notes too', async () => {
    await withDuckDb([], async (db) => {
      await importSourceOrThrow(db, intercom, [fixturePath('sources/intercom/export')]);
      const all = await bodies(db, '1004');
      expect(all).toContainEqual(['1004', 'customer_message', 'Where is my refund?']);
      expect(all).toContainEqual(['1004', 'agent_reply', 'The refund was sent today.']);
      expect(all.every(([, , body]) => !body.includes('<'))).toBe(true);
    });
  });

  test('social threads: the text of every tweet, customer and company', async () => {
    await withDuckDb([], async (db) => {
      await importSourceOrThrow(db, socialThreads, [fixturePath('sources/social-threads/twcs-sample.csv')]);
      const all = await bodies(db);
      expect(all).toContainEqual([
        '119237',
        'customer_message',
        '@AppleSupport causing the reply to be disregarded and the tapped notification under the keyboard is opened😡😡😡',
      ]);
      const replies = all.filter(([, kind]) => kind === 'agent_reply');
      expect(replies.length).toBeGreaterThan(0);
      const empty = await db.all(
        "SELECT count(*) AS n FROM contact_events WHERE kind IN ('customer_message', 'agent_reply') AND body IS NULL",
      );
      expect(Number(empty[0]?.n)).toBe(0);
    });
  });

  test('Freshdesk: the Description column, when picked in the export, is the first message', async () => {
    await withTempDir(async (dir) => {
      const lines = (await readFile(fixturePath('sources/freshdesk/tickets.csv'), 'utf8'))
        .trimEnd()
        .split('\n');
      const withDescription = lines.map((line, index) =>
        index === 0
          ? `${line},Description`
          : `${line},"<div>Ticket ${index}: it broke.<br>Please help</div>"`,
      );
      const path = join(dir, 'tickets.csv');
      await writeFile(path, `${withDescription.join('\n')}\n`);
      await withDuckDb([], async (db) => {
        await importSourceOrThrow(db, freshdesk, [path], { timezone: 'Europe/Amsterdam' });
        expect(await bodies(db, '1001')).toEqual([
          ['1001', 'customer_message', 'Ticket 1: it broke.\nPlease help'],
        ]);
        // Outbound: the agent wrote it.
        expect(await bodies(db, '1005')).toEqual([
          ['1005', 'agent_reply', 'Ticket 5: it broke.\nPlease help'],
        ]);
      });
    });
  });

  test('a mapped CSV: an event field mapped to body', async () => {
    await withTempDir(async (dir) => {
      const csv = join(dir, 'events.csv');
      await writeFile(
        csv,
        'ticket,what,at,who,text\nT1,question,2026-03-02T09:00:00Z,,Where is my order?\nT1,answer,2026-03-02T09:20:00Z,ann,"Hi, it left today."\n',
      );
      const map = join(dir, 'map.json');
      await writeFile(
        map,
        JSON.stringify({
          rows: 'event',
          fields: {
            ticket: { column: 'ticket' },
            kind: { column: 'what', map: { question: 'customer_message', answer: 'agent_reply' } },
            at: { column: 'at', type: 'timestamp' },
            who: { column: 'who' },
            text: { column: 'text' },
          },
          event: { contact: 'ticket', kind: 'kind', at: 'at', agent_id: 'who', body: 'text' },
          contact: { channel: { const: 'email' } },
        }),
      );
      await withDuckDb([], async (db) => {
        await importSourceOrThrow(db, csvMapped, [csv], { mappingPath: map });
        expect(await bodies(db)).toEqual([
          ['T1', 'customer_message', 'Where is my order?'],
          ['T1', 'agent_reply', 'Hi, it left today.'],
        ]);
      });
    });
  });
});

/** A canonical import with words, a survey answer and a customer address. */
async function conversation(dir: string): Promise<string[]> {
  const files = {
    'contacts.csv':
      'source,external_id,channel,created_at,customer_id,assignee_id,customer_email,customer_language\n' +
      'shop,1,email,2026-03-02T09:00:00Z,cust-1,ann,Sarah@example.org,en\n' +
      'shop,2,email,2026-03-02T10:00:00Z,cust-2,ann,other@example.org,nl\n',
    'contact_events.csv':
      'source,contact_external_id,external_id,kind,occurred_at,agent_id,status,body\n' +
      'shop,1,m1,customer_message,2026-03-02T09:00:00Z,,,"Where is my parcel?\nRegards,\nSarah"\n' +
      'shop,1,r1,agent_reply,2026-03-03T12:00:00Z,ann,,"The parcel left today. Calm down, it comes."\n' +
      'shop,1,s1,status_change,2026-03-03T12:05:00Z,ann,solved,\n' +
      'shop,2,m2,customer_message,2026-03-02T10:00:00Z,,,"Hallo, waar blijft mijn pakket?"\n' +
      'shop,2,r2,agent_reply,2026-03-02T10:20:00Z,ann,,"Hallo! Het is onderweg, graag geholpen. Groet, Ann"\n',
    'survey_responses.csv':
      'source,external_id,kind,scale_min,scale_max,score,comment,contact_external_id,sent_at,responded_at\n' +
      'shop,a1,csat,1,5,2,Too slow,1,2026-03-03T12:10:00Z,2026-03-03T13:00:00Z\n',
  };
  const paths: string[] = [];
  for (const [name, text] of Object.entries(files)) {
    const path = join(dir, name);
    await writeFile(path, text);
    paths.push(path);
  }
  return paths;
}

describe('the transcript', () => {
  test('events in order with their words, figures, the survey answer and the check hits of the import', async () => {
    await withTempDir(async (dir) => {
      const paths = await conversation(dir);
      await withDuckDb(paths, async (db) => {
        const shown = await transcript(db, { source: 'shop', externalId: '1' });
        if (shown === null) throw new Error('no transcript');
        expect(shown.contact).toMatchObject({
          source: 'shop',
          externalId: '1',
          channel: 'email',
          assigneeId: 'ann',
        });
        expect(shown.entries.map((e) => [e.eventId, e.kind, e.body, e.detail])).toEqual([
          ['m1', 'customer_message', 'Where is my parcel?\nRegards,\nSarah', null],
          ['r1', 'agent_reply', 'The parcel left today. Calm down, it comes.', null],
          ['s1', 'status_change', null, 'solved'],
          [null, 'survey_answer', 'Too slow', 'csat 2 of 1–5'],
        ]);
        expect(shown.figures).toMatchObject({
          frtSeconds: 27 * 3600,
          replies: 1,
          reopens: 0,
          escalations: 0,
        });
        expect(shown.figures.survey).toEqual([
          { kind: 'csat', score: 2, scaleMin: 1, scaleMax: 5, comment: 'Too slow' },
        ]);
        // The import ran the checks: the late reply waited 27 h (over the 24 h gap and the 1 h
        // e-mail target), lacks a greeting, uses a forbidden phrase, never names Sarah.
        const onReply = shown.entries[1]?.checks.map((c) => c.ruleId).sort();
        expect(onReply).toEqual(['closing', 'forbidden_phrases', 'greeting', 'reply_time']);
        expect(shown.entries[0]?.checks.map((c) => c.ruleId)).toEqual(['unanswered_gap']);
        expect(shown.checks.map((c) => c.ruleId).sort()).toEqual(['customer_name', 'preferred_phrases']);
        expect(shown.entries[1]?.checks.find((c) => c.ruleId === 'forbidden_phrases')).toEqual({
          ruleId: 'forbidden_phrases',
          label: 'Phrases the brand guide forbids',
          detail: '“calm down”',
        });
        // The Dutch contact greets, closes and prefers in Dutch: no hits.
        const dutch = await transcript(db, { source: 'shop', externalId: '2' });
        expect(dutch?.entries.flatMap((e) => e.checks)).toEqual([]);
        expect(dutch?.checks).toEqual([]);
        expect(await transcript(db, { source: 'shop', externalId: 'nope' })).toBeNull();
      });
    });
  });

  test('an agent reads only the survey answers credited to them; staff read every one', async () => {
    await withTempDir(async (dir) => {
      const paths = await conversation(dir);
      // A second answer on ann's contact, credited to bob, who handled it before a reassignment.
      await writeFile(
        join(dir, 'survey_responses.csv'),
        'source,external_id,kind,scale_min,scale_max,score,comment,contact_external_id,agent_id,sent_at,responded_at\n' +
          'shop,a1,csat,1,5,2,Too slow,1,,2026-03-03T12:10:00Z,2026-03-03T13:00:00Z\n' +
          'shop,a2,csat,1,5,1,Bob was rude,1,bob,2026-03-02T09:30:00Z,2026-03-02T09:40:00Z\n',
      );
      await withDuckDb(paths, async (db) => {
        const credited = await db.all('SELECT survey_key, agent_id FROM survey_facts ORDER BY survey_key');
        expect(credited.map((r) => [r.survey_key, r.agent_id])).toEqual([
          ['shop|a1', 'ann'],
          ['shop|a2', 'bob'],
        ]);
        const contact = { source: 'shop', externalId: '1' };
        const comments = async (agentId: string | null) => {
          const shown = await transcript(db, contact, { agentId });
          return {
            entries: shown?.entries.filter((e) => e.kind === 'survey_answer').map((e) => e.body),
            figures: shown?.figures.survey.map((s) => s.comment),
          };
        };
        expect(await comments('ann')).toEqual({ entries: ['Too slow'], figures: ['Too slow'] });
        expect(await comments('bob')).toEqual({ entries: ['Bob was rude'], figures: ['Bob was rude'] });
        expect(await comments('cid')).toEqual({ entries: [], figures: [] });
        const everyone = { entries: ['Bob was rude', 'Too slow'], figures: ['Bob was rude', 'Too slow'] };
        expect(await comments(null)).toEqual(everyone);
        // Without a reader the caller is staff: every answer.
        const staff = await transcript(db, contact);
        expect(staff?.figures.survey.map((s) => s.comment)).toEqual(everyone.figures);
      });
    });
  });

  test('a re-import re-checks the contacts it touched', async () => {
    await withTempDir(async (dir) => {
      const paths = await conversation(dir);
      await withDuckDb(paths, async (db) => {
        const fixed = join(dir, 'fix', 'contact_events.csv');
        await mkdir(join(dir, 'fix'));
        await writeFile(
          fixed,
          'source,contact_external_id,external_id,kind,occurred_at,agent_id,body\n' +
            'shop,1,r1,agent_reply,2026-03-03T12:00:00Z,ann,"Hi Sarah, the parcel left today. Happy to help! Kind regards"\n',
        );
        const result = await importFiles(db, [fixed]);
        expect(result.ok).toBe(true);
        const hits = await db.all(
          "SELECT rule_id FROM qa_check_hits WHERE contact_key = 'shop|1' ORDER BY rule_id",
        );
        expect(hits.map((h) => h.rule_id)).toEqual(['reply_time', 'unanswered_gap']);
      });
    });
  });
});

describe('erasing a customer', () => {
  test('blanks the words of their contacts’ events, the quotes, drafts and check findings of them; the events stay', async () => {
    await withTempDir(async (dir) => {
      const paths = await conversation(dir);
      await withDuckDb(paths, async (db) => {
        await db.run(
          `INSERT INTO qa_reviews (source, external_id, contact_source, contact_external_id, agent_id, reviewer_id, reviewed_at)
           VALUES ('servicemeter', 'v1', 'shop', '1', 'ann', 'u-lead', TIMESTAMP '2026-03-04 09:00:00'),
                  ('servicemeter', 'v2', 'shop', '2', 'ann', 'u-lead', TIMESTAMP '2026-03-04 09:00:00')`,
        );
        await db.run(
          `INSERT INTO qa_ratings (source, review_external_id, category_id, rating, scale_min, scale_max, quote)
           VALUES ('servicemeter', 'v1', 'tone', 1, 1, 5, 'Calm down'), ('servicemeter', 'v2', 'tone', 5, 1, 5, 'graag geholpen')`,
        );
        // Drafts quote the customer too, and a check hit names words it found.
        await db.run(
          `INSERT INTO qa_drafts (id, reviewer_id, contact_source, contact_external_id, scorecard_id, scorecard_version, payload, updated_at)
           VALUES ('d1', 'u-lead', 'shop', '1', 'support', 1, '{"ratings":[{"quote":"Regards, Sarah"}]}', TIMESTAMP '2026-03-04 09:00:00'),
                  ('d2', 'u-lead', 'shop', '2', 'support', 1, '{"ratings":[{"quote":"waar blijft"}]}', TIMESTAMP '2026-03-04 09:00:00')`,
        );
        await db.run(
          `INSERT INTO qa_check_hits (contact_key, rule_id, event_source, event_external_id, agent_id, occurred_at, detail)
           VALUES ('shop|2', 'spelling', 'shop', 'r2', 'ann', TIMESTAMP '2026-03-02 10:20:00', 'onderweg')`,
        );
        const detailsBefore = await db.all(
          "SELECT count(*) AS n FROM qa_check_hits WHERE contact_key = 'shop|1' AND detail IS NOT NULL",
        );
        expect(Number(detailsBefore[0]?.n)).toBeGreaterThan(0);
        await eraseCustomer(
          db,
          { email: 'sarah@EXAMPLE.org' },
          { keepAnonymised: true },
          new Date('2026-03-10T00:00:00Z'),
        );
        const events = await db.all(
          'SELECT contact_external_id, count(*) AS n, count(body) AS worded FROM contact_events GROUP BY 1 ORDER BY 1',
        );
        expect(events.map((r) => [r.contact_external_id, Number(r.n), Number(r.worded)])).toEqual([
          ['1', 3, 0],
          ['2', 2, 2],
        ]);
        const quotes = await db.all('SELECT review_external_id, quote FROM qa_ratings ORDER BY 1');
        expect(quotes).toEqual([
          { review_external_id: 'v1', quote: null },
          { review_external_id: 'v2', quote: 'graag geholpen' },
        ]);
        const shown = await transcript(db, { source: 'shop', externalId: '1' });
        expect(shown?.entries.map((e) => e.body)).toEqual([null, null, null]);
        const drafts = await db.all('SELECT id FROM qa_drafts ORDER BY id');
        expect(drafts.map((d) => d.id)).toEqual(['d2']);
        const details = await db.all(
          'SELECT contact_key, count(*) AS n, count(detail) AS detailed FROM qa_check_hits GROUP BY 1 ORDER BY 1',
        );
        // The hits stay, so the check figures do not change; only what they found goes.
        expect(details.map((r) => [r.contact_key, Number(r.n) > 0, Number(r.detailed)])).toEqual([
          ['shop|1', true, 0],
          ['shop|2', true, 1],
        ]);
        expect(shown?.checks.every((c) => c.detail === null)).toBe(true);
      });
    });
  });
});
