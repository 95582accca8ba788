/**
 * The words API on a real server over the generated texts of ./texts-fixture.ts (beside the
 * small-helpdesk fixture the test server starts with), read by the analysis before the server starts.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { importFiles } from '../../src/services/import.js';
import { analyseTexts } from '../../src/services/words/analyse.js';
import { type Client, signedIn, startTestServer, type TestServer } from '../server/support.js';
import {
  allTexts,
  CHINESE_FAST,
  COMMENTS,
  DUTCH_FAST,
  FREEZES,
  HELPDESK_COMMENTS,
  messages,
  RANGE,
  writeFixture,
} from './texts-fixture.js';

let ts: TestServer;
let admin: Client;
let ann: Client;
let viewer: Client;

beforeAll(async () => {
  ts = await startTestServer({
    prepare: async (db, dir) => {
      const fixture = join(dir, 'words-fixture');
      await writeFixture(fixture);
      const imported = await importFiles(db, [fixture]);
      if (!imported.ok) throw new Error(JSON.stringify(imported.error));
      await analyseTexts(db, 'all', new Date('2026-03-20T00:00:00Z'));
    },
  });
  [admin, ann, viewer] = await Promise.all([
    signedIn(ts.url, 'admin'),
    signedIn(ts.url, 'ann'),
    signedIn(ts.url, 'viewer'),
  ]);
}, 120_000);

afterAll(async () => {
  await ts?.stop();
});

type Term = {
  term: string;
  label: string;
  inFocus: number;
  inRest: number;
  z: number;
  themeId: string | null;
};
type Msg = { itemKey: string; text: string; agentId: string; highlights: { start: number; end: number }[] };

describe('topics', () => {
  test('the complaint planted in chat ranks first for chat, and counts its texts', async () => {
    const reply = await admin.get(`/api/words/topics?${RANGE}&focus=channel:chat&limit=10`);
    expect(reply.status, reply.text).toBe(200);
    const first = reply.json.terms[0] as Term;
    expect(first.label).toMatch(/^freez/);
    expect(first.inFocus).toBe(FREEZES.length);
    expect(first.inRest).toBe(0);
    // The prior weighs heavily on a corpus this small: the term stands out, less than significantly.
    expect(first.z).toBeGreaterThan(0);
    for (const other of reply.json.terms.slice(1) as Term[]) expect(other.z).toBeLessThan(first.z);
    // The comments are on chat contacts too.
    const chat = messages().filter((m) => m.channel === 'chat').length + COMMENTS.length;
    expect(reply.json.texts.focus).toBe(chat);
  });

  test('its trend counts the same texts per day', async () => {
    const topics = await admin.get(`/api/words/topics?${RANGE}&focus=channel:chat&limit=1`);
    const term = topics.json.terms[0].term as string;
    const trend = await admin.get(
      `/api/words/terms/trend?${RANGE}&term=${encodeURIComponent(term)}&grain=day`,
    );
    expect(trend.status, trend.text).toBe(200);
    const points = trend.json.points as { period: string; texts: number; withTerm: number }[];
    expect(points).toHaveLength(15);
    expect(points.reduce((sum, p) => sum + p.withTerm, 0)).toBe(FREEZES.length);
  });

  test('a focus or a filter it cannot use is a 400 naming it', async () => {
    for (const [query, field] of [
      ['focus=colour:red', 'focus'],
      ['focus=score:middle', 'focus'],
      ['language=fr', 'language'],
      ['kind=letter', 'kind'],
      ['limit=0', 'limit'],
    ]) {
      const reply = await admin.get(`/api/words/topics?${RANGE}&${query}`);
      expect(reply.status, query).toBe(400);
      expect(reply.json.issues[0], query).toMatch(new RegExp(`^${field}: `));
    }
    const grain = await admin.get(`/api/words/tone?${RANGE}&grain=fortnight`);
    expect(grain.json.issues[0]).toMatch(/^grain: /);
  });
});

describe('themes', () => {
  test('saved, renamed, pinned, merged and deleted; a term belongs to one theme', async () => {
    const topics = await admin.get(`/api/words/topics?${RANGE}&focus=channel:email&limit=20`);
    const [one, two] = (topics.json.terms as Term[]).map((t) => t.term);
    expect(one && two).toBeTruthy();
    const a = await admin.post('/api/words/themes', { name: 'First', terms: [one] });
    expect(a.status, a.text).toBe(201);
    const b = await admin.post('/api/words/themes', { name: 'Second', terms: [two] });
    expect(b.status).toBe(201);
    const taken = await admin.post('/api/words/themes', { name: 'Third', terms: [one] });
    expect(taken.status).toBe(409);
    expect(taken.json.detail).toContain(String(one));
    const bad = await admin.post('/api/words/themes', { name: '', terms: [] });
    expect(bad.status).toBe(400);
    expect(bad.json.issues).toEqual(
      expect.arrayContaining([expect.stringMatching(/^name: /), expect.stringMatching(/^terms: /)]),
    );

    const pinned = await admin.patch(`/api/words/themes/${a.json.id}`, { pinned: true, name: 'Renamed' });
    expect(pinned.json).toMatchObject({ name: 'Renamed', pinned: true, terms: [one] });
    const again = await admin.get(`/api/words/topics?${RANGE}&focus=channel:email&limit=20`);
    expect((again.json.terms as Term[]).find((t) => t.term === one)?.themeId).toBe(a.json.id);

    const merged = await admin.post('/api/words/themes/merge', { ids: [a.json.id, b.json.id], name: 'Both' });
    expect(merged.status, merged.text).toBe(200);
    expect(merged.json).toMatchObject({ id: a.json.id, name: 'Both', pinned: true, terms: [one, two] });
    const listed = await admin.get(`/api/words/themes?${RANGE}`);
    const saved = (listed.json.themes as { id: string; suggested: boolean }[]).filter((t) => !t.suggested);
    expect(saved.map((t) => t.id)).toEqual([a.json.id]);
    for (const t of listed.json.themes.filter((t: { suggested: boolean }) => t.suggested))
      expect(t.id).toMatch(/^suggested:/);
    expect((await admin.patch(`/api/words/themes/${b.json.id}`, { name: 'Gone' })).status).toBe(404);

    const byTheme = await admin.get(`/api/words/messages?${RANGE}&theme=${a.json.id}&limit=200`);
    expect(byTheme.status).toBe(200);
    expect(byTheme.json.total).toBeGreaterThan(0);
    expect((await admin.delete(`/api/words/themes/${a.json.id}`)).status).toBe(204);
    expect((await admin.delete(`/api/words/themes/${a.json.id}`)).status).toBe(404);
    expect((await admin.get(`/api/words/messages?${RANGE}&theme=${a.json.id}`)).status).toBe(404);
  });
});

describe('tone', () => {
  test('the counts, the languages and the trend add up to the texts of the period', async () => {
    const reply = await admin.get(`/api/words/tone?${RANGE}&grain=week`);
    expect(reply.status, reply.text).toBe(200);
    const { counts, byLanguage, trend } = reply.json;
    const total = allTexts();
    expect(Object.values(counts as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(total);
    expect((byLanguage as { texts: number }[]).reduce((a, l) => a + l.texts, 0)).toBe(total);
    expect((trend as { texts: number }[]).reduce((a, p) => a + p.texts, 0)).toBe(total);
    const languages = (byLanguage as { language: string }[]).map((l) => l.language);
    expect(languages).toEqual(expect.arrayContaining(['en', 'nl', 'zh']));
    for (const l of byLanguage as {
      texts: number;
      positive: number;
      neutral: number;
      negative: number;
      unsure: number;
    }[])
      expect(l.positive + l.neutral + l.negative + l.unsure).toBe(l.texts);
  });
});

describe('brand attributes', () => {
  test('a Dutch and a Chinese attribute count exactly the messages that say it', async () => {
    const saved = await admin.put('/api/words/attributes', {
      attributes: [
        { id: 'fast', name: 'Fast', stance: 'intended', words: { nl: ['snel'], zh: ['很快'] } },
        { id: 'rude', name: 'Rude', stance: 'feared', words: { en: ['rude'] } },
      ],
    });
    expect(saved.status, saved.text).toBe(200);
    expect(saved.json.attributes.map((a: { id: string }) => a.id).sort()).toEqual(['fast', 'rude']);

    const profile = await admin.get(`/api/words/attributes/profile?${RANGE}&grain=week`);
    expect(profile.status, profile.text).toBe(200);
    const fast = profile.json.rows.find((r: { attributeId: string }) => r.attributeId === 'fast');
    expect(fast.mentions).toBe(DUTCH_FAST.length + CHINESE_FAST.length);
    expect(fast.byChannel).toEqual({ email: DUTCH_FAST.length, chat: CHINESE_FAST.length });
    expect(fast.share).toBeCloseTo(fast.mentions / profile.json.texts, 10);
    const rude = profile.json.rows.find((r: { attributeId: string }) => r.attributeId === 'rude');
    expect(rude.mentions).toBe(1);

    const behind = await admin.get(`/api/words/messages?${RANGE}&attribute=fast&limit=200`);
    expect(behind.json.total).toBe(fast.mentions);
    const texts = (behind.json.messages as Msg[]).map((m) => m.text).sort();
    expect(texts).toEqual([...DUTCH_FAST, ...CHINESE_FAST].sort());
    for (const m of behind.json.messages as Msg[]) {
      expect(m.highlights.length, m.text).toBeGreaterThan(0);
      for (const h of m.highlights)
        expect(m.text.slice(h.start, h.end).toLowerCase()).toMatch(/^(snel|很快)$/);
    }
  });

  test('attributes it cannot keep are a 400 naming the attribute and field', async () => {
    const reply = await admin.put('/api/words/attributes', {
      attributes: [{ name: 'Fast', stance: 'hoped', words: { fr: ['vite'], nl: [] } }],
    });
    expect(reply.status).toBe(400);
    expect(reply.json.issues).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^attributes\.0\.stance: /),
        expect.stringMatching(/^attributes\.0\.words\.fr: /),
        expect.stringMatching(/^attributes\.0\.words\.nl: /),
      ]),
    );
    expect((await admin.get('/api/words/attributes')).json.attributes).toHaveLength(2);
  });
});

describe('messages', () => {
  test('personal data is masked and the term asked for is marked in the masked text', async () => {
    const reply = await admin.get(`/api/words/messages?${RANGE}&term=refund&limit=200`);
    expect(reply.status, reply.text).toBe(200);
    const personal = (reply.json.messages as Msg[]).find((m) => m.text.startsWith('I want a refund'));
    expect(personal, reply.text.slice(0, 600)).toBeDefined();
    const text = personal?.text ?? '';
    expect(text).not.toContain('jan.devries@example.com');
    expect(text).not.toContain('12345678');
    expect(text).toContain('[e-mail]');
    expect(text).toContain('[phone]');
    expect(personal?.highlights).toEqual([{ start: 9, end: 15 }]);
    expect(text.slice(9, 15)).toBe('refund');
  });

  test('newest first, paged, with the total', async () => {
    const first = await admin.get(`/api/words/messages?${RANGE}&limit=5`);
    const second = await admin.get(`/api/words/messages?${RANGE}&limit=5&offset=5`);
    expect(first.json.total).toBe(allTexts());
    const times = [...first.json.messages, ...second.json.messages].map(
      (m: { occurredAt: string }) => m.occurredAt,
    );
    expect(times).toEqual([...times].sort().reverse());
    expect((await admin.get(`/api/words/messages?${RANGE}&limit=201`)).status).toBe(400);
  });

  test('the CSV export holds the same messages, masked, with a header', async () => {
    const reply = await admin.get(`/api/words/messages.csv?${RANGE}&kind=message`);
    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-type')).toContain('text/csv');
    const lines = reply.text.trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'item_key,kind,occurred_at,channel,agent_id,contact_key,language,tone,sentiment_score,survey_score,text',
    );
    const listed = await admin.get(`/api/words/messages?${RANGE}&kind=message&limit=1`);
    expect(lines).toHaveLength(listed.json.total + 1);
    expect(reply.text).not.toContain('jan.devries@example.com');
    expect(reply.text).toContain('[e-mail]');
  });
});

describe('privacy', () => {
  test("an agent's topics, tone and messages hold only their own texts", async () => {
    const everyone = await admin.get(`/api/words/topics?${RANGE}&focus=agent:bob&limit=200`);
    expect((everyone.json.terms as Term[]).some((t) => t.label.startsWith('zebracode'))).toBe(true);

    for (const focus of ['all', 'channel:email', 'agent:bob', 'kind:message']) {
      const own = await ann.get(`/api/words/topics?${RANGE}&focus=${focus}&limit=200`);
      expect(own.status, own.text).toBe(200);
      expect(JSON.stringify(own.json)).not.toContain('zebracode');
    }
    const listed = await ann.get(`/api/words/messages?${RANGE}&limit=200`);
    const annTexts =
      messages().filter((m) => m.agent === 'ann').length + COMMENTS.length + HELPDESK_COMMENTS.ann;
    expect(listed.json.total).toBe(annTexts);
    for (const m of listed.json.messages as Msg[]) expect(m.agentId).toBe('ann');
    expect(JSON.stringify(listed.json)).not.toContain('zebracode');
    const csv = await ann.get(`/api/words/messages.csv?${RANGE}`);
    expect(csv.text).not.toContain('zebracode');
    const tone = await ann.get(`/api/words/tone?${RANGE}`);
    expect(Object.values(tone.json.counts as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(
      annTexts,
    );
    expect((await ann.get(`/api/words/messages?${RANGE}&agent=bob`)).status).toBe(403);
  });

  test('a viewer reads the aggregates, not the messages', async () => {
    expect((await viewer.get(`/api/words/topics?${RANGE}`)).status).toBe(200);
    expect((await viewer.get(`/api/words/tone?${RANGE}`)).status).toBe(200);
    expect((await viewer.get(`/api/words/attributes/profile?${RANGE}`)).status).toBe(200);
    expect((await viewer.get(`/api/words/messages?${RANGE}`)).status).toBe(403);
    expect((await viewer.get(`/api/words/messages.csv?${RANGE}`)).status).toBe(403);
    expect((await viewer.put('/api/words/attributes', { attributes: [] })).status).toBe(403);
  });
});
