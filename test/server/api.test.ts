import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { KPIS } from '../../src/core/kpi/catalog.js';
import { storeQualityNotices } from '../../src/services/data-quality.js';
import { importFiles } from '../../src/services/import.js';
import { type Client, signedIn, startTestServer, type TestServer, WEEK } from './support.js';

let ts: TestServer;
let manager: Client;
let admin: Client;

/** One more contact whose text fields start like spreadsheet formulas. */
const FORMULA_CONTACT = [
  'source,external_id,channel,created_at,customer_id,team_id,assignee_id,topic,tags,priority,status,subject',
  'helpdesk,t7,email,2026-03-05T10:00:00Z,=cmd|calc,support,ann,+topic,@tag,normal,open,"=HYPERLINK(""http://x"")"',
  '',
].join('\n');

beforeAll(async () => {
  ts = await startTestServer({
    prepare: async (db, dir) => {
      await mkdir(join(dir, 'more'));
      await writeFile(join(dir, 'more', 'contacts.csv'), FORMULA_CONTACT);
      const result = await importFiles(db, [join(dir, 'more')]);
      if (!result.ok) throw new Error(JSON.stringify(result.error));
      // What an import of a call log with absurd queue waits would have stored.
      await storeQualityNotices(
        db,
        'helpdesk',
        ['calls.csv'],
        [
          {
            file: 'calls.csv',
            message: 'queue wait over 12 hours',
            count: 2,
            examples: ['line 3', 'line 9'],
            quality: { code: 'long_queue_wait', days: { '2026-03-03': 2 } },
          },
        ],
      );
    },
  });
  manager = await signedIn(ts.url, 'manager');
  admin = await signedIn(ts.url, 'admin');
});

afterAll(async () => {
  await ts.stop();
});

describe('catalog, status and filter values', () => {
  test('the catalog lists every KPI with its definition, unit and defaults', async () => {
    const catalog = (await manager.get('/api/catalog')).json;
    expect(catalog.kpis.map((k: { id: string }) => k.id)).toEqual(KPIS.map((k) => k.id));
    const frt = catalog.kpis.find((k: { id: string }) => k.id === 'frt');
    expect(frt).toMatchObject({
      label: 'First response time',
      format: 'duration',
      unit: 'seconds',
      better: 'lower',
      defaultStat: 'median',
      defaultHours: 'business',
      hoursApply: true,
      stock: false,
    });
    expect(frt.dimensions).toContain('agent');
    expect(catalog.kpis.find((k: { id: string }) => k.id === 'csat').dimensions).toContain(
      'survey_dimension',
    );
    expect(catalog.kpis.find((k: { id: string }) => k.id === 'resolved_within_24h').hoursApply).toBe(true);
    expect(catalog.kpis.find((k: { id: string }) => k.id === 'csat').hoursApply).toBe(false);
    expect(catalog.grains).toEqual(['hour', 'day', 'week', 'month', 'quarter', 'year']);
    expect(catalog.locales).toEqual(['en', 'nl', 'sv', 'uk', 'zh-CN']);
  });

  test('status and filter values', async () => {
    const status = (await manager.get('/api/status')).json;
    expect(status).toMatchObject({ empty: false, contacts: 7, surveys: 10, stale: false });
    expect(status.from).toBe('2026-03-02T08:00:00Z');
    const values = (await manager.get('/api/filter-values')).json;
    expect(values.channel).toEqual(['chat', 'email', 'phone']);
    expect(values.team).toEqual([{ id: 'support', name: 'Support' }]);
    expect(values.agent.map((a: { id: string }) => a.id)).toEqual(['ann', 'bob']);
  });
});

describe('KPI queries', () => {
  test('the same numbers as servicemeter kpi, with the effective query', async () => {
    const reply = await manager.post('/api/kpi/query', { ...WEEK, kpis: ['csat', 'frt', 'nps'] });
    expect(reply.status).toBe(200);
    const row = reply.json.rows[0];
    expect(row.csat).toMatchObject({ value: 0.5, n: 4 });
    expect(row.frt).toMatchObject({ value: 615, n: 4 });
    expect(row.nps).toMatchObject({ value: 0, n: 3 });
    expect(reply.json.range).toEqual(WEEK);
    expect(reply.json.query).toMatchObject({ ...WEEK, by: [], filters: {}, compare: false });
  });

  test('notices name an indicator without input and the days with implausible values, in English too', async () => {
    const reply = await manager.post('/api/kpi/query', { ...WEEK, kpis: ['source_sla_met_rate', 'frt'] });
    expect(reply.status).toBe(200);
    // The fixture's helpdesk has no SLA flag of its own: no figure rather than an empty share.
    expect(reply.json.rows[0].source_sla_met_rate).toEqual({ value: null, n: 0, low: null, high: null });
    expect(reply.json.rows[0].frt).toMatchObject({ value: 615, n: 4 });
    expect(reply.json.notices).toEqual([
      { code: 'no_input', missing: 'source_sla', kpis: ['source_sla_met_rate'] },
      { code: 'data_quality', problem: 'long_queue_wait', contacts: 2, from: '2026-03-03', to: '2026-03-03' },
    ]);
    expect(reply.json.notes).toHaveLength(2);
    expect(reply.json.notes[1]).toContain('2 contacts created on 2026-03-03');
    // Notice days are UTC days: the range starting 4 March in Amsterdam still overlaps 3 March UTC.
    const later = await manager.post('/api/kpi/query', { ...WEEK, from: '2026-03-05', kpis: ['frt'] });
    expect(later.json.notices).toEqual([]);
  });

  test('an agent is not given the data-quality notices: their counts span every agent of the source', async () => {
    const ann = await signedIn(ts.url, 'ann');
    const reply = await ann.post('/api/kpi/query', { ...WEEK, kpis: ['source_sla_met_rate', 'frt'] });
    expect(reply.status).toBe(200);
    expect(reply.json.notices.map((n: { code: string }) => n.code)).toContain('no_input');
    expect(reply.json.notices.map((n: { code: string }) => n.code)).not.toContain('data_quality');
    const own = await ann.post('/api/kpi/query', { ...WEEK, kpis: ['frt'], filters: { agent: ['ann'] } });
    expect(own.json.notices.map((n: { code: string }) => n.code)).not.toContain('data_quality');
    const card = await ann.get(
      `/api/scorecards/ann?from=${WEEK.from}&to=${WEEK.to}&timezone=${WEEK.timezone}`,
    );
    expect(card.status).toBe(200);
    expect(card.json.notices.map((n: { code: string }) => n.code)).not.toContain('data_quality');
    const managersCard = await manager.get(
      `/api/scorecards/ann?from=${WEEK.from}&to=${WEEK.to}&timezone=${WEEK.timezone}`,
    );
    expect(managersCard.json.notices.map((n: { code: string }) => n.code)).toContain('data_quality');
  });

  test('the stored data-quality notices are listed with their file, day and examples', async () => {
    const reply = await manager.get('/api/data-quality');
    expect(reply.status).toBe(200);
    expect(reply.json.notices).toEqual([
      {
        source: 'helpdesk',
        file: 'calls.csv',
        code: 'long_queue_wait',
        message: 'queue wait over 12 hours',
        day: '2026-03-03',
        contacts: 2,
        examples: ['line 3', 'line 9'],
        importedAt: expect.any(String),
      },
    ]);
  });

  test('a bad query is a 400 problem naming the field', async () => {
    const bad = await manager.post('/api/kpi/query', { ...WEEK, by: ['colour'] });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toContain('application/problem+json');
    expect(bad.json.issues.join('\n')).toContain('by.0');
    const unknown = await manager.post('/api/kpi/query', { ...WEEK, kpis: ['happiness'] });
    expect(unknown.status).toBe(400);
    expect(unknown.json.detail).toContain('happiness');
    const extra = await manager.post('/api/kpi/query', { ...WEEK, colour: 'red' });
    expect(extra.status).toBe(400);
    // A reversed range would answer n 0 everywhere, which reads like a quiet week.
    const reversed = await manager.post('/api/kpi/query', { ...WEEK, from: '2026-03-09', to: '2026-03-02' });
    expect(reversed.status).toBe(400);
    expect(reversed.json.issues).toEqual([
      'to: 2026-03-02 is not after from (2026-03-09); the end is exclusive',
    ]);
  });

  test('the typed client (hc<AppType>) reaches the same route', async () => {
    const api = manager.typed().api;
    const response = await api.kpi.query.$post({ json: { ...WEEK, kpis: ['csat'], by: ['channel'] } });
    expect(response.status).toBe(200);
    if (response.status !== 200) return;
    const body = await response.json();
    expect(body.rows.map((r) => r.channel)).toEqual(['chat', 'email', 'phone']);
  });

  test('export of the current view: CSV in the CLI layout, audited', async () => {
    const csv = await manager.post('/api/kpi/export', { ...WEEK, kpis: ['contacts_created'], by: ['topic'] });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.headers.get('content-disposition')).toMatch(
      /attachment; filename="servicemeter-kpis-.*\.csv"/,
    );
    const lines = csv.text.trim().split('\r\n');
    expect(lines[0]).toBe(
      'topic,contacts_created,contacts_created_n,contacts_created_low,contacts_created_high',
    );
    expect(lines).toContain("'+topic,1,1,,");
    expect(lines).toContain('delivery,2,2,,');
    const audit = (await admin.get('/api/audit?action=export.kpis')).json.rows;
    expect(audit[0].detail.query.by).toEqual(['topic']);
    // With the previous period, as on the dashboard's tiles.
    const compared = await manager.post('/api/kpi/export', {
      ...WEEK,
      kpis: ['contacts_created'],
      compare: true,
    });
    expect(compared.text.trim().split('\r\n')).toEqual([
      'contacts_created,contacts_created_n,contacts_created_low,contacts_created_high,contacts_created_previous,contacts_created_previous_n',
      '7,7,,,0,0',
    ]);
  });
});

describe('contacts behind a number', () => {
  const list = (body: object) => manager.post('/api/contacts/query', { ...WEEK, ...body });
  const keys = (reply: { json: { rows: { key: string }[] } }) => reply.json.rows.map((r) => r.key).sort();

  test('a KPI’s contacts are its population: as many as its n', async () => {
    const kpis = (
      await manager.post('/api/kpi/query', {
        ...WEEK,
        kpis: ['frt', 'csat', 'resolution_time', 'abandonment_rate'],
      })
    ).json.rows[0];
    for (const id of ['frt', 'csat', 'resolution_time', 'abandonment_rate']) {
      const reply = await list({ kpi: id });
      expect(reply.status, id).toBe(200);
      expect(reply.json.total, id).toBe(kpis[id].n);
    }
    const frt = await list({ kpi: 'frt' });
    expect(keys(frt)).toEqual(['helpdesk|t1', 'helpdesk|t2', 'helpdesk|t3', 'helpdesk|t6']);
    // Business seconds as the KPI measured them: t2 waited 3600 business seconds.
    expect(frt.json.rows.find((r: { key: string }) => r.key === 'helpdesk|t2').value).toBe(3600);
    const calendar = await list({ kpi: 'frt', hours: 'calendar' });
    expect(calendar.json.rows.find((r: { key: string }) => r.key === 'helpdesk|t2').value).toBe(234_000);
  });

  test('filters, a clicked period, a heatmap cell and the numerator of a share', async () => {
    expect(keys(await list({ kpi: 'frt', filters: { channel: ['email'] } }))).toEqual([
      'helpdesk|t1',
      'helpdesk|t2',
    ]);
    expect(keys(await list({ kpi: 'frt', filters: { agent: ['ann'] } }))).toEqual([
      'helpdesk|t1',
      'helpdesk|t3',
    ]);
    expect(keys(await list({ kpi: 'frt', period: { grain: 'day', key: '2026-03-03' } }))).toEqual([
      'helpdesk|t3',
    ]);
    expect(
      keys(await list({ kpi: 'contacts_created', period: { grain: 'week', key: '2026-03-02' } })),
    ).toHaveLength(7);
    const notStart = await list({ kpi: 'frt', period: { grain: 'week', key: '2026-03-03' } });
    expect(notStart.status).toBe(400);
    // t3 was created Tuesday 11:00 Amsterdam time.
    expect(keys(await list({ kpi: 'contacts_created', hourOfDay: 11, weekday: 2 }))).toEqual(['helpdesk|t3']);
    const within = await list({ kpi: 'frt_within_target', part: 'numerator' });
    const missed = await list({ kpi: 'frt_within_target', part: 'rest' });
    expect(keys(missed)).toEqual(['helpdesk|t6']);
    expect(within.json.total + missed.json.total).toBe(4);
    expect(within.json.rows.every((r: { inNumerator: boolean }) => r.inNumerator)).toBe(true);
    expect((await list({ kpi: 'frt', part: 'numerator' })).status).toBe(400);
  });

  test('survey KPIs list answers with their comments', async () => {
    const csat = await list({ kpi: 'csat', sort: 'value', order: 'asc' });
    expect(csat.json.unit).toBe('survey');
    expect(csat.json.rows.map((r: { survey: { score: number } }) => r.survey.score)).toEqual([2, 3, 4, 5]);
    expect(csat.json.rows[0].survey.comment).toBe('Took all weekend');
    const nps = await list({ kpi: 'nps' });
    expect(nps.json.total).toBe(3);
    expect(nps.json.rows[0].key).toBeNull();
  });

  test('sorted by a whitelisted column and paginated in SQL', async () => {
    const first = await list({ sort: 'created_at', order: 'asc', pageSize: 3, page: 1 });
    const second = await list({ sort: 'created_at', order: 'asc', pageSize: 3, page: 2 });
    expect(first.json).toMatchObject({ total: 7, page: 1, pageSize: 3 });
    expect(first.json.rows.map((r: { key: string }) => r.key)).toEqual([
      'helpdesk|t1',
      'helpdesk|t3',
      'helpdesk|t4',
    ]);
    expect(second.json.rows.map((r: { key: string }) => r.key)).toEqual([
      'helpdesk|t5',
      'helpdesk|t6',
      'helpdesk|t7',
    ]);
    expect((await list({ sort: 'subject; DROP TABLE contacts' })).status).toBe(400);
    expect((await list({ pageSize: 501 })).status).toBe(400);
  });

  test('one contact: fields, facts, timeline and surveys', async () => {
    const reply = await manager.get(`/api/contacts/${encodeURIComponent('helpdesk|t1')}`);
    expect(reply.status).toBe(200);
    expect(reply.json.contact).toMatchObject({
      key: 'helpdesk|t1',
      subject: 'Where is my parcel?',
      tags: ['late', 'parcel'],
    });
    expect(reply.json.facts).toMatchObject({ frt_bh_s: 1200, first_reply_agent_id: 'ann' });
    expect(reply.json.events.map((e: { kind: string }) => e.kind).slice(0, 3)).toEqual([
      'customer_message',
      'bot_message',
      'agent_reply',
    ]);
    expect(reply.json.surveys.map((s: { kind: string }) => s.kind).sort()).toEqual(['ces', 'csat']);
    expect((await manager.get(`/api/contacts/${encodeURIComponent('helpdesk|nope')}`)).status).toBe(404);
  });

  test('CSV export: one row per contact with every fact, formulas neutralised, audited', async () => {
    const csv = await manager.post('/api/contacts/export', { ...WEEK });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-disposition')).toContain('attachment');
    const lines = csv.text.trim().split('\r\n');
    const header = lines[0]?.split(',') ?? [];
    expect(header.slice(0, 6)).toEqual(['contact_key', 'source', 'external_id', 'subject', 'status', 'tags']);
    for (const fact of ['frt_s', 'frt_bh_s', 'handle_s', 'first_resolved_at', 'answered_within_sl'])
      expect(header).toContain(fact);
    expect(lines).toHaveLength(8);
    const t7 = lines.find((l) => l.startsWith('helpdesk|t7')) ?? '';
    expect(t7).toContain(`"'=HYPERLINK(""http://x"")"`);
    expect(t7).toContain("'=cmd|calc");
    expect(t7).toContain("'+topic");
    expect(t7).toContain("'@tag");
    expect(t7).not.toMatch(/,=|,\+|,@/);
    const t1 = lines.find((l) => l.startsWith('helpdesk|t1')) ?? '';
    expect(t1).toContain('2026-03-02T08:00:00Z');
    const audit = (await admin.get('/api/audit?action=export')).json.rows;
    expect(audit.some((r: { action: string }) => r.action === 'export.contacts')).toBe(true);
  });
});

describe('scorecards', () => {
  test('every agent against the rest of the team, with the team value', async () => {
    const reply = await manager.get(
      `/api/scorecards?from=${WEEK.from}&to=${WEEK.to}&timezone=${WEEK.timezone}&kpis=frt,csat`,
    );
    expect(reply.status).toBe(200);
    const ann = reply.json.agents.find((a: { agent: { id: string } }) => a.agent.id === 'ann');
    expect(ann.agent).toEqual({ id: 'ann', name: 'Ann', teamId: 'support', teamName: 'Support' });
    const csat = ann.kpis.find((k: { kpi: string }) => k.kpi === 'csat');
    // Ann's two answers were satisfied, bob's two not: 100 % against 0 % for the rest of the team.
    expect(csat.value).toMatchObject({
      value: 1,
      n: 2,
      comparison: {
        against: 'rest of team support',
        statistic: 'share',
        rest: { value: 0, n: 2 },
        difference: 1,
        clear: false,
      },
    });
    expect(csat.rest).toEqual({ value: 0, n: 2, agents: 1 });
    expect(csat.team).toMatchObject({ value: 0.5, n: 4 });
    expect(csat.coaching).toEqual({ candidate: false, direction: null, reason: null });
    const one = await manager.get(
      `/api/scorecards/ann?from=${WEEK.from}&to=${WEEK.to}&timezone=${WEEK.timezone}&kpis=frt,csat`,
    );
    expect(one.json).toEqual(ann);
    expect((await manager.get('/api/scorecards/nobody')).status).toBe(404);
    expect((await manager.get('/api/scorecards?kpis=nope')).status).toBe(400);
  });
});

describe('settings', () => {
  test('a new calendar for the team rebuilds the facts, and business hours change', async () => {
    const before = (
      await admin.post('/api/kpi/query', {
        ...WEEK,
        kpis: ['frt'],
        filters: { channel: ['email'] },
        stat: 'mean',
      })
    ).json.rows[0].frt;
    const saved = await admin.put('/api/settings/calendars/late', {
      name: 'Late shift',
      timezone: 'Europe/Amsterdam',
      isDefault: false,
      intervals: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '20:00', end: '04:00' })),
      holidays: [{ date: '2026-04-27', name: 'King’s Day' }],
    });
    expect(saved.status).toBe(200);
    expect(saved.json.rebuild.contacts).toBe(7);
    const late = saved.json.settings.calendars.find((c: { id: string }) => c.id === 'late');
    expect(late.intervals[0]).toEqual({ weekday: 1, start: '20:00', end: '04:00' });
    const team = await admin.patch('/api/settings/teams/support', { calendarId: 'late' });
    expect(team.status).toBe(200);
    const after = (
      await admin.post('/api/kpi/query', {
        ...WEEK,
        kpis: ['frt'],
        filters: { channel: ['email'] },
        stat: 'mean',
      })
    ).json.rows[0].frt;
    expect(after.value).not.toBe(before.value);
    expect((await admin.delete('/api/settings/calendars/late')).status).toBe(409);
    expect((await admin.patch('/api/settings/teams/support', { calendarId: 'office' })).status).toBe(200);
    expect((await admin.delete('/api/settings/calendars/late')).status).toBe(200);
    const restored = (
      await admin.post('/api/kpi/query', {
        ...WEEK,
        kpis: ['frt'],
        filters: { channel: ['email'] },
        stat: 'mean',
      })
    ).json.rows[0].frt;
    expect(restored.value).toBe(before.value);
  });

  test('an invalid calendar is refused with the reason', async () => {
    const bad = await admin.put('/api/settings/calendars/bad', {
      name: null,
      timezone: 'Europe/Amsterdam',
      isDefault: false,
      intervals: [{ weekday: 1, start: '09:00', end: '09:00' }],
      holidays: [],
    });
    expect(bad.status).toBe(400);
    expect(bad.json.issues.length).toBeGreaterThan(0);
    expect((await admin.put('/api/settings/calendars/bad', { timezone: 'Mars/Olympus' })).status).toBe(400);
  });

  test('thresholds rebuild the facts; KPI targets appear in the catalog', async () => {
    const thresholds = await admin.put('/api/settings/thresholds', {
      thresholds: [{ metric: 'frt', channel: 'phone', teamId: null, seconds: 60, hours: 'calendar' }],
    });
    expect(thresholds.status).toBe(200);
    const row = (await admin.post('/api/kpi/query', { ...WEEK, kpis: ['frt_within_target'] })).json.rows[0];
    expect(row.frt_within_target.value).toBe(1); // t6 (30 s on the phone) now makes its 60 s target
    await admin.put('/api/settings/thresholds', { thresholds: [] });
    const targets = await admin.put('/api/settings/targets', {
      targets: [
        { kpi: 'csat', channel: null, value: 0.85 },
        { kpi: 'frt', channel: 'chat', value: 60 },
      ],
    });
    expect(targets.status).toBe(200);
    expect(targets.json.rebuild).toBeNull();
    const always = { team: null, agent: null, validFrom: null };
    expect((await manager.get('/api/catalog')).json.targets).toEqual([
      { kpi: 'csat', channel: null, value: 0.85, ...always },
      { kpi: 'frt', channel: 'chat', value: 60, ...always },
    ]);
    expect(
      (await admin.put('/api/settings/targets', { targets: [{ kpi: 'csat', channel: null, value: 85 }] }))
        .status,
    ).toBe(400);
    const audit = (await admin.get('/api/audit?action=settings')).json.rows.map(
      (r: { action: string }) => r.action,
    );
    expect(audit).toEqual(
      expect.arrayContaining([
        'settings.calendar.put',
        'settings.team.update',
        'settings.thresholds.put',
        'settings.targets.put',
      ]),
    );
  });
});

describe('the rest of the surface', () => {
  test('an unknown API path is a 404 problem; the OpenAPI document is served', async () => {
    const missing = await manager.get('/api/nothing-here');
    expect(missing.status).toBe(404);
    expect(missing.json.status).toBe(404);
    const doc = (await manager.get('/api/openapi.json')).json;
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.components.schemas).toHaveProperty('KpiQuery');
    expect(doc.components.schemas).toHaveProperty('Problem');
  });

  test('security headers on API responses and pages', async () => {
    for (const path of ['/api/health', '/', '/some/page']) {
      const response = await fetch(`${ts.url}${path}`);
      expect(response.headers.get('content-security-policy'), path).toContain("default-src 'self'");
      expect(response.headers.get('content-security-policy'), path).toContain("frame-ancestors 'none'");
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    }
  });

  test('without a built dashboard, a page says how to build it', async () => {
    const response = await fetch(`${ts.url}/`);
    expect(response.status).toBe(200);
    expect(await response.text()).toMatch(/dashboard not built — run <code>npm run build<\/code>/i);
  });
});

describe('the built dashboard', () => {
  let site: TestServer;
  beforeAll(async () => {
    const dir = join(ts.dir, 'web');
    await mkdir(join(dir, 'assets'), { recursive: true });
    await writeFile(join(dir, 'index.html'), '<!doctype html><title>dashboard</title>');
    await writeFile(join(dir, 'assets', 'app-1234.js'), 'console.log(1)');
    site = await startTestServer({ users: false, staticDir: dir });
  });
  afterAll(async () => {
    await site.stop();
  });

  test('files, index.html for the app’s own paths, 404 for missing files', async () => {
    const index = await fetch(`${site.url}/`);
    expect(await index.text()).toContain('<title>dashboard</title>');
    expect(index.headers.get('cache-control')).toBe('no-cache');
    const asset = await fetch(`${site.url}/assets/app-1234.js`);
    expect(asset.headers.get('content-type')).toContain('text/javascript');
    expect(asset.headers.get('cache-control')).toContain('immutable');
    const deep = await fetch(`${site.url}/agents/ann?from=2026-03-02`);
    expect(await deep.text()).toContain('<title>dashboard</title>');
    expect((await fetch(`${site.url}/assets/missing.js`)).status).toBe(404);
    expect((await fetch(`${site.url}/..%2f..%2fetc%2fpasswd`)).status).not.toBe(500);
    const traversal = await fetch(`${site.url}/..%2ftest.duckdb`);
    expect(await traversal.text()).not.toContain('DUCK');
  });
});
