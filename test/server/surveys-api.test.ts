import { PageSizes, PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Engine } from '../../src/core/engine.js';
import { verifyLinkToken } from '../../src/core/surveys/tokens.js';
import { surveySecret } from '../../src/services/surveys/config.js';
import { darkRuns, qrMatrix } from '../../src/services/surveys/qr.js';
import { addSurveyAnswers, SURVEY_ID } from '../support/survey-answers.js';
import { type Client, signedIn, startTestServer, type TestServer } from './support.js';

let ts: TestServer;
let admin: Client;
let manager: Client;
let ann: Client;
let bob: Client;
let viewer: Client;
/** The server's database, for what only the server knows (its link-signing secret). */
let database: Engine;

beforeAll(async () => {
  ts = await startTestServer({
    prepare: async (db, dir) => {
      database = db;
      await addSurveyAnswers(db, dir);
    },
  });
  [admin, manager, ann, bob, viewer] = await Promise.all([
    signedIn(ts.url, 'admin'),
    signedIn(ts.url, 'manager'),
    signedIn(ts.url, 'ann'),
    signedIn(ts.url, 'bob'),
    signedIn(ts.url, 'viewer'),
  ]);
});

afterAll(async () => {
  await ts?.stop();
});

const answerKeys = (reply: { json: { answers: { key: string }[] } }) => reply.json.answers.map((a) => a.key);

describe('surveys and their versions', () => {
  let id: string;

  test('a manager adds one from a ready-made type; everyone signed in lists and reads it', async () => {
    const created = await manager.post('/api/surveys', { name: 'Help centre', type: 'self_service' });
    expect(created.status, created.text).toBe(201);
    id = created.json.id;
    expect(created.json).toMatchObject({
      name: 'Help centre',
      type: 'self_service',
      status: 'active',
      version: 1,
    });
    expect(created.json.definition.languages).toEqual(
      expect.arrayContaining(['en', 'nl', 'sv', 'uk', 'zh-CN']),
    );
    for (const client of [admin, manager, ann, viewer]) {
      const list = await client.get('/api/surveys');
      expect(list.status).toBe(200);
      expect(list.json.surveys.map((s: { id: string }) => s.id)).toEqual(
        expect.arrayContaining([id, SURVEY_ID]),
      );
      expect((await client.get(`/api/surveys/${id}`)).json.name).toBe('Help centre');
    }
    const ps = (await viewer.get('/api/surveys')).json.surveys.find(
      (s: { id: string }) => s.id === SURVEY_ID,
    );
    // i1, i2, i3 and i5 were sent, i1 and i2 answered; i4 was answered by QR code, never sent.
    expect(ps).toMatchObject({ sent: 4, answered: 3, responseRate: 0.5 });
    // An agent gets no team-wide counts: less their own answers, they would tell a colleague's.
    const seenByAgent = (await ann.get('/api/surveys')).json.surveys.find(
      (s: { id: string }) => s.id === SURVEY_ID,
    );
    expect(seenByAgent).toMatchObject({ sent: null, answered: null, responseRate: null, lastAnswerAt: null });
    for (const client of [ann, viewer]) {
      expect((await client.post('/api/surveys', { name: 'No', type: 'custom' })).status).toBe(403);
      expect((await client.put(`/api/surveys/${id}`, { name: 'No' })).status).toBe(403);
    }
  });

  test('a changed definition is the next version; the earlier one stays readable', async () => {
    const before = (await manager.get(`/api/surveys/${id}`)).json;
    const definition = {
      ...before.definition,
      title: { ...before.definition.title, en: 'Did this page help?' },
    };
    const updated = await manager.put(`/api/surveys/${id}`, { definition });
    expect(updated.status, updated.text).toBe(200);
    expect(updated.json.version).toBe(2);
    // The same definition again changes nothing.
    expect((await manager.put(`/api/surveys/${id}`, { definition })).json.version).toBe(2);
    const versions = await viewer.get(`/api/surveys/${id}/versions`);
    expect(versions.json.versions.map((v: { version: number }) => v.version)).toEqual([1, 2]);
    const first = await viewer.get(`/api/surveys/${id}/versions/1`);
    expect(first.json.definition.title.en).toBe(before.definition.title.en);
    expect((await viewer.get(`/api/surveys/${id}/versions/3`)).status).toBe(404);
    expect((await viewer.get('/api/surveys/no-such-survey')).status).toBe(404);
  });

  test('a definition at fault is refused naming the field; neither type nor definition is refused', async () => {
    const template = (await manager.get(`/api/surveys/${id}`)).json.definition;
    const broken = { ...template, questions: [{ ...template.questions[0], id: 'Not An Id' }] };
    const refused = await manager.post('/api/surveys', { name: 'Broken', definition: broken });
    expect(refused.status).toBe(400);
    expect(refused.json.issues.join('\n')).toMatch(/definition\.questions\.0\.id/);
    const neither = await manager.post('/api/surveys', { name: 'Nothing' });
    expect(neither.status).toBe(400);
    expect(neither.json.issues.join('\n')).toMatch(/definition: give either type/);
  });

  test('the changes are audited', async () => {
    const audit = await admin.get('/api/audit?pageSize=50');
    const actions = audit.json.rows.map((e: { action: string }) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['survey.create', 'survey.update']));
  });
});

describe('personal links, QR codes, posters and the widget', () => {
  test('a personal link for a contact: on the address the API was reached at, signed, expiring', async () => {
    const link = await manager.post(`/api/surveys/${SURVEY_ID}/links`, {
      contactKey: 'helpdesk|t3',
      language: 'nl',
    });
    expect(link.status, link.text).toBe(201);
    expect(link.json.url).toBe(`${ts.url}/s/${link.json.token}`);
    expect(Date.parse(link.json.expiresAt)).toBeGreaterThan(Date.now() + 13 * 86_400_000);
    const secret = await surveySecret(database);
    const verified = verifyLinkToken(secret, link.json.token, new Date());
    expect(verified.ok && verified.data.invitationId).toBe(link.json.invitationId);
    const invitations = await manager.get(`/api/surveys/${SURVEY_ID}/invitations?state=sent&limit=1`);
    expect(invitations.json.invitations[0]).toMatchObject({
      id: link.json.invitationId,
      contactKey: 'helpdesk|t3',
      via: 'link',
    });
    const byParts = await manager.post(`/api/surveys/${SURVEY_ID}/links`, {
      contact: { source: 'helpdesk', externalId: 't1' },
    });
    expect(byParts.status).toBe(201);
    expect(
      (await manager.post(`/api/surveys/${SURVEY_ID}/links`, { contactKey: 'helpdesk|nope' })).status,
    ).toBe(404);
    expect(
      (await manager.post('/api/surveys/no-such-survey/links', { contactKey: 'helpdesk|t1' })).status,
    ).toBe(404);
    expect((await ann.post(`/api/surveys/${SURVEY_ID}/links`, { contactKey: 'helpdesk|t1' })).status).toBe(
      403,
    );
  });

  test('the QR code holds the location page of the survey, as SVG or PNG', async () => {
    const svg = await manager.get(`/api/surveys/${SURVEY_ID}/qr?location=front-desk`);
    expect(svg.status, svg.text).toBe(200);
    expect(svg.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
    const address = `${ts.url}/s/q/${SURVEY_ID}/front-desk`;
    expect(svg.text).toContain(`<title>${address}</title>`);
    expect(svg.text.match(/<rect x=/g)?.length).toBe(darkRuns(qrMatrix(address)).length);
    const png = await manager.fetch(`${ts.url}/api/surveys/${SURVEY_ID}/qr?location=front-desk&format=png`);
    expect(png.headers.get('content-type')).toBe('image/png');
    expect(
      Buffer.from(await png.arrayBuffer())
        .subarray(1, 4)
        .toString('latin1'),
    ).toBe('PNG');
    const unknown = await manager.get(`/api/surveys/${SURVEY_ID}/qr?location=back-door`);
    expect(unknown.status).toBe(400);
    expect(unknown.json.issues[0]).toMatch(/^location: not one of the survey's locations \(front-desk\)/);
    expect((await viewer.get(`/api/surveys/${SURVEY_ID}/qr?location=front-desk`)).status).toBe(403);
  });

  test('the poster is a PDF of the size asked for', async () => {
    const response = await manager.fetch(
      `${ts.url}/api/surveys/${SURVEY_ID}/poster?location=front-desk&size=A6`,
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(response.headers.get('content-disposition')).toContain(`survey-${SURVEY_ID}-front-desk-A6.pdf`);
    const document = await PDFDocument.load(new Uint8Array(await response.arrayBuffer()));
    expect(document.getPageCount()).toBe(1);
    expect(document.getPage(0).getSize()).toEqual({ width: PageSizes.A6[0], height: PageSizes.A6[1] });
    expect(document.getSubject()).toBe(`${ts.url}/s/q/${SURVEY_ID}/front-desk`);
  });

  test('the widget is one script tag on the public address once one is set', async () => {
    const before = await manager.get(`/api/surveys/${SURVEY_ID}/widget`);
    expect(before.json.snippet).toBe(
      `<script src="${ts.url}/s/widget.js" data-survey="${SURVEY_ID}" async></script>`,
    );
    const config = await admin.put('/api/surveys/config', { publicBaseUrl: 'https://survey.example.com' });
    expect(config.status, config.text).toBe(200);
    try {
      const after = await manager.get(`/api/surveys/${SURVEY_ID}/widget`);
      expect(after.json.scriptUrl).toBe('https://survey.example.com/s/widget.js');
      const link = await manager.post(`/api/surveys/${SURVEY_ID}/links`, { customerId: 'c9' });
      expect(link.json.url).toMatch(/^https:\/\/survey\.example\.com\/s\//);
      const svg = await manager.get(`/api/surveys/${SURVEY_ID}/qr?location=front-desk`);
      expect(svg.text).toContain(`<title>https://survey.example.com/s/q/${SURVEY_ID}/front-desk</title>`);
    } finally {
      await admin.put('/api/surveys/config', { publicBaseUrl: null });
    }
  });
});

describe('answers and comments', () => {
  test('a manager sees every answer without addresses; an admin sees the addresses', async () => {
    const managed = await manager.get(`/api/surveys/answers?survey=${SURVEY_ID}`);
    expect(managed.status, managed.text).toBe(200);
    expect(answerKeys(managed)).toEqual([
      'servicemeter|i2',
      'servicemeter|i4',
      'servicemeter|i1:knowledge',
      'servicemeter|i1',
    ]);
    expect(managed.json.answers.every((a: { email: string | null }) => a.email === null)).toBe(true);
    const administered = await admin.get(`/api/surveys/answers?survey=${SURVEY_ID}`);
    expect(administered.json.answers.find((a: { key: string }) => a.key === 'servicemeter|i2').email).toBe(
      'c2@example.com',
    );
  });

  test('an agent sees only the answers credited to them, and no addresses', async () => {
    const own = await ann.get('/api/surveys/answers?limit=500');
    expect(own.status).toBe(200);
    expect(own.json.answers.length).toBeGreaterThan(0);
    for (const answer of own.json.answers) {
      expect(answer.agentId).toBe('ann');
      expect(answer.email).toBeNull();
    }
    expect(answerKeys(own)).toContain('servicemeter|i1');
    expect(answerKeys(own)).not.toContain('servicemeter|i2');
    expect(answerKeys(await bob.get(`/api/surveys/answers?survey=${SURVEY_ID}`))).toEqual([
      'servicemeter|i2',
    ]);
    // Asking for a colleague's is refused; asking for their own is fine.
    expect((await ann.get('/api/surveys/answers?agent=bob')).status).toBe(403);
    expect((await ann.get('/api/surveys/answers?agent=ann')).status).toBe(200);
    // Searching does not reach beyond their own either.
    expect((await ann.get('/api/surveys/answers?q=slow')).json.answers).toEqual([]);
    expect((await viewer.get('/api/surveys/answers')).status).toBe(403);
  });

  test('search, filters and pages', async () => {
    expect(answerKeys(await manager.get('/api/surveys/answers?q=SLOW_reply'))).toEqual(['servicemeter|i2']);
    expect(answerKeys(await manager.get(`/api/surveys/answers?survey=${SURVEY_ID}&via=qr`))).toEqual([
      'servicemeter|i4',
    ]);
    const first = await manager.get(`/api/surveys/answers?survey=${SURVEY_ID}&limit=3`);
    expect(first.json.answers).toHaveLength(3);
    const rest = await manager.get(
      `/api/surveys/answers?survey=${SURVEY_ID}&limit=3&cursor=${encodeURIComponent(first.json.nextCursor)}`,
    );
    expect(answerKeys(rest)).toEqual(['servicemeter|i1']);
    expect(rest.json.nextCursor).toBeNull();
    const bad = await manager.get('/api/surveys/answers?cursor=nonsense');
    expect(bad.status).toBe(400);
    expect(bad.json.issues).toEqual(['cursor: not a cursor this list gave']);
    const badDay = await manager.get('/api/surveys/answers?from=2026-02-31');
    expect(badDay.status).toBe(400);
    expect(badDay.json.issues.join('\n')).toMatch(/^from:/);
  });

  test('invitations with their states: admins and managers, addresses for admins', async () => {
    const listed = await manager.get(`/api/surveys/${SURVEY_ID}/invitations?state=bounced`);
    expect(listed.status).toBe(200);
    expect(listed.json.invitations).toEqual([
      expect.objectContaining({ id: 'i5', state: 'bounced', failure: '550 5.1.1 no such user', email: null }),
    ]);
    expect(listed.json.totals).toMatchObject({ bounced: 1, reminded: 1 });
    const administered = await admin.get(`/api/surveys/${SURVEY_ID}/invitations?state=bounced`);
    expect(administered.json.invitations[0].email).toBe('gone@example.com');
    expect((await ann.get(`/api/surveys/${SURVEY_ID}/invitations`)).status).toBe(403);
    expect((await manager.get('/api/surveys/no-such-survey/invitations')).status).toBe(404);
  });
});

describe('waves', () => {
  test('only relationship surveys have waves; a run goes through the job runner', async () => {
    const refused = await manager.post(`/api/surveys/${SURVEY_ID}/waves/run`);
    expect(refused.status).toBe(409);
    expect(refused.json.detail).toMatch(/relationship/);
    const relationship = await manager.post('/api/surveys', { name: 'Quarterly', type: 'relationship' });
    const id = relationship.json.id;
    const run = await manager.post(`/api/surveys/${id}/waves/run`);
    expect(run.status, run.text).toBe(202);
    const job = await admin.get('/api/jobs');
    const waveJob = job.json.jobs.find((j: { id: string }) => j.id === run.json.jobId);
    expect(waveJob).toMatchObject({ kind: 'survey-wave', params: { surveyId: id } });
    // A second run is the same job, asked again.
    const again = await manager.post(`/api/surveys/${id}/waves/run`);
    expect([202, 409]).toContain(again.status);
    if (again.status === 202) expect(again.json.jobId).toBe(run.json.jobId);
    const report = await manager.get(`/api/surveys/${id}/waves`);
    expect(report.status).toBe(200);
    expect(Array.isArray(report.json.waves)).toBe(true);
    expect((await ann.get(`/api/surveys/${id}/waves`)).status).toBe(403);
  });
});

describe('settings and erasure', () => {
  test('the survey settings are an admin’s', async () => {
    const config = await admin.get('/api/surveys/config');
    expect(config.status).toBe(200);
    expect(config.json).toMatchObject({ retentionDays: null, publicBaseUrl: null });
    const changed = await admin.put('/api/surveys/config', { retentionDays: 730 });
    expect(changed.json.retentionDays).toBe(730);
    expect((await admin.put('/api/surveys/config', { publicBaseUrl: 'ftp://x.example' })).status).toBe(400);
    expect((await manager.get('/api/surveys/config')).status).toBe(403);
    expect((await manager.put('/api/surveys/config', { retentionDays: 1 })).status).toBe(403);
  });

  test("erasing a customer's address and answers: an admin's, audited without the address", async () => {
    expect((await manager.post('/api/surveys/erase', { email: 'c2@example.com' })).status).toBe(403);
    expect((await admin.post('/api/surveys/erase', {})).status).toBe(400);
    const erased = await admin.post('/api/surveys/erase', { email: 'C2@example.com', keepAnonymised: false });
    expect(erased.status, erased.text).toBe(200);
    expect(erased.json.invitations).toBeGreaterThanOrEqual(1);
    expect(erased.json.answers).toBeGreaterThanOrEqual(1);
    const after = await admin.get(`/api/surveys/answers?survey=${SURVEY_ID}`);
    expect(answerKeys(after)).not.toContain('servicemeter|i2');
    const audit = await admin.get('/api/audit?pageSize=50&action=survey.erase');
    const entry = audit.json.rows.find((e: { action: string }) => e.action === 'survey.erase');
    expect(entry).toBeDefined();
    expect(JSON.stringify(entry)).not.toMatch(/c2@example\.com/i);
  });
});

describe('the public address of a server started with --public-url', () => {
  test('links, QR codes and the widget name it when the survey config names none', async () => {
    const behindProxy = await startTestServer({
      prepare: (db, dir) => addSurveyAnswers(db, dir),
      serve: () => ({ publicUrl: 'https://feedback.acme.example/' }),
    });
    try {
      const lead = await signedIn(behindProxy.url, 'manager');
      const widget = await lead.get(`/api/surveys/${SURVEY_ID}/widget`);
      expect(widget.json.scriptUrl).toBe('https://feedback.acme.example/s/widget.js');
      const link = await lead.post(`/api/surveys/${SURVEY_ID}/links`, { customerId: 'c9' });
      expect(link.json.url).toMatch(/^https:\/\/feedback\.acme\.example\/s\/[^/]+$/);
    } finally {
      await behindProxy.stop();
    }
  });
});

describe('a forwarded host', () => {
  test('names the public address only when a trusted proxy sent it', async () => {
    for (const [trustProxy, expected] of [
      [true, 'https://surveys.acme.example/s/widget.js'],
      [['10.0.0.0/8'], null],
    ] as const) {
      const server = await startTestServer({
        trustProxy: trustProxy === true ? true : [...trustProxy],
        prepare: (db, dir) => addSurveyAnswers(db, dir),
      });
      try {
        const lead = await signedIn(server.url, 'manager');
        const widget = await lead.request('GET', `/api/surveys/${SURVEY_ID}/widget`, undefined, {
          'x-forwarded-host': 'surveys.acme.example',
          'x-forwarded-proto': 'https',
        });
        expect(widget.json.scriptUrl).toBe(expected ?? `${server.url}/s/widget.js`);
      } finally {
        await server.stop();
      }
    }
  });
});

describe('a renamed survey', () => {
  test('is shown under its new name in the filter values at once', async () => {
    const named = async () =>
      ((await manager.get('/api/filter-values')).json.survey as { id: string; name: string }[]).find(
        (s) => s.id === SURVEY_ID,
      )?.name;
    const before = await named();
    expect(before).toBeTruthy();
    const renamed = await manager.put(`/api/surveys/${SURVEY_ID}`, { name: 'After every contact' });
    expect(renamed.status, renamed.text).toBe(200);
    try {
      expect(await named()).toBe('After every contact');
    } finally {
      await manager.put(`/api/surveys/${SURVEY_ID}`, { name: String(before) });
    }
  });
});
