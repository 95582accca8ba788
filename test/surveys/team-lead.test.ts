/**
 * The surveys as a new team lead checks them, without a browser: over the demo's helpdesk data a
 * manager creates a post-contact survey in Dutch and English through the API, the job mails it
 * after the contacts resolved since then (to a real SMTP server), customers answer some mails with
 * one click on a star and some in full on the page, and the API then shows the answers with their
 * comments, each credited to the agent who last replied before the mail, the response rate in the
 * KPIs, and an agent sees only the answers credited to them.
 */
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { writeDemoFiles } from '../../src/services/demo/generate.js';
import { AGENTS } from '../../src/services/demo/scenario.js';
import { importFiles } from '../../src/services/import.js';
import { createMailer } from '../../src/services/mail/mailer.js';
import { createUser } from '../../src/services/users.js';
import { Client, PASSWORD, PEOPLE, signedIn, startTestServer, type TestServer } from '../server/support.js';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp-server.js';

/** The survey goes live on this morning of the demo's last weeks; the job runs two days later. */
const SWITCHED_ON = new Date('2026-06-15T06:00:00Z');
const JOB_RUNS = new Date('2026-06-17T06:00:00Z');
const agentEmail = (id: string) => `${id}@webshop.example`;

let smtp: TestSmtpServer;
let server: TestServer;
/** contact external id → the contact's replies (agent, time), from the demo's event file. */
const replies = new Map<string, { agent: string; at: number }[]>();

beforeAll(async () => {
  smtp = await startSmtpServer();
  server = await startTestServer({
    prepare: async (db, dir) => {
      // The demo's helpdesk data as a team has it before it asks its own surveys.
      const files = join(dir, 'demo');
      await writeDemoFiles(files, { contacts: 3_000, seed: 1 });
      await rm(join(files, 'survey_responses.csv'));
      await rm(join(files, 'survey_invitations.csv'));
      const imported = await importFiles(db, [files]);
      if (!imported.ok) throw new Error(JSON.stringify(imported.error));
      for (const agent of AGENTS) {
        const user = await createUser(db, {
          email: agentEmail(agent.id),
          password: PASSWORD,
          role: 'agent',
          agentId: agent.id,
        });
        if (!user.ok) throw new Error(JSON.stringify(user.error));
      }
      const events = (await readFile(join(files, 'contact_events.csv'), 'utf8')).split('\n').slice(1);
      for (const line of events) {
        const [, contact, , kind, at, actor, agent, isPublic] = line.split(',');
        const replied =
          (kind === 'agent_reply' && actor === 'agent' && isPublic === 'true') || kind === 'answer';
        if (!contact || !agent || !replied) continue;
        const list = replies.get(contact) ?? [];
        list.push({ agent, at: Date.parse(at ?? '') });
        replies.set(contact, list);
      }
    },
    serve: () => ({
      mail: {
        mailer: createMailer(smtp.url, { perSecond: 1000 }),
        from: 'klantenservice@webshop.example',
        publicUrl: null,
      },
    }),
  });
  server.clock.now = SWITCHED_ON;
}, 120_000);

afterAll(async () => {
  await server?.stop();
  await smtp?.close();
});

/** The agent the rule credits: the last who replied (or answered the call) before the mail went. */
function lastReplierBefore(contactKey: string, sentAt: string): string | null {
  const externalId = contactKey.split('|')[1] ?? '';
  let agent: string | null = null;
  for (const reply of replies.get(externalId) ?? []) if (reply.at <= Date.parse(sentAt)) agent = reply.agent;
  return agent;
}

interface Invitation {
  id: string;
  contactKey: string;
  email: string;
  language: string;
  sentAt: string;
  deliveredAt: string | null;
}

interface Answer {
  questionId: string | null;
  invitationId: string;
  score: number | null;
  comment: string | null;
  contactKey: string | null;
  agentId: string | null;
  channel: string | null;
  via: string | null;
}

describe('a team lead asks after contacts', () => {
  test('mails go out, customers answer with one click and in full, and the answers are credited', async () => {
    const manager = await signedIn(server.url, 'manager');
    const admin = await signedIn(server.url, 'admin');
    const config = await admin.put('/api/surveys/config', { publicBaseUrl: server.url });
    expect(config.status, config.text).toBe(200);

    const created = await manager.post('/api/surveys', {
      name: 'Na uw contact',
      definition: {
        type: 'post_contact',
        defaultLanguage: 'en',
        languages: ['nl', 'en'],
        title: { nl: 'Hoe hebben we het gedaan?', en: 'How did we do?' },
        thanks: { nl: 'Bedankt!', en: 'Thank you!' },
        questions: [
          {
            id: 'csat',
            type: 'rating',
            measure: 'csat',
            display: 'stars',
            scale: { min: 1, max: 5 },
            required: true,
            text: { nl: 'Hoe tevreden bent u over onze hulp?', en: 'How satisfied are you with our help?' },
          },
          {
            id: 'comment',
            type: 'text',
            commentOn: 'csat',
            text: { nl: 'Wilt u dat toelichten?', en: 'Would you like to tell us why?' },
          },
        ],
        branding: { senderName: 'Webshop klantenservice' },
      },
      settings: { postContact: { enabled: true, delayMinutes: 60, reminderAfterHours: 48 } },
    });
    expect(created.status, created.text).toBe(201);
    const surveyId: string = created.json.id;

    // Two days on: the sessions of the morning have expired, so both sign in again.
    server.clock.now = JOB_RUNS;
    await admin.login(PEOPLE.admin.email);
    await manager.login(PEOPLE.manager.email);
    const job = await admin.post('/api/jobs', { kind: 'survey-post-contact', params: { surveyId } });
    expect(job.status, job.text).toBe(201);
    expect((await admin.post(`/api/jobs/${job.json.id}/run`)).status).toBe(202);
    await expect
      .poll(
        async () => {
          const list = await admin.get('/api/jobs');
          const found = list.json.jobs.find((j: { id: string }) => j.id === job.json.id);
          return found?.lastOutcome ?? null;
        },
        { timeout: 60_000, interval: 200 },
      )
      .toBe('ok');

    const listed = await admin.get(`/api/surveys/${surveyId}/invitations?limit=500`);
    expect(listed.status, listed.text).toBe(200);
    const invitations: Invitation[] = listed.json.invitations;
    expect(invitations.length).toBeGreaterThanOrEqual(6);
    const mails = await smtp.waitFor(invitations.length);
    expect(mails).toHaveLength(invitations.length);
    for (const invitation of invitations) {
      expect(invitation.deliveredAt, invitation.email).not.toBeNull();
      expect(
        lastReplierBefore(invitation.contactKey, invitation.sentAt),
        invitation.contactKey,
      ).not.toBeNull();
    }

    // Each customer opens their mail: in Dutch for the Dutch-speaking, in English for the others.
    const byEmail = new Map(invitations.map((i) => [i.email.toLowerCase(), i]));
    const given = new Map<string, { score: number; comment: string | null }>();
    let answered = 0;
    for (const [index, mail] of mails.entries()) {
      const invitation = byEmail.get(mail.to[0]?.toLowerCase() ?? '');
      if (!invitation) throw new Error(`a mail to ${mail.to.join(', ')} without an invitation`);
      const dutch = invitation.language === 'nl';
      expect(mail.parsed.subject ?? '', mail.to[0]).toMatch(
        dutch ? /klantenservice|uw|ons/i : /you|our|how/i,
      );
      const text = mail.parsed.text ?? '';
      const links = [...text.matchAll(/(http:\/\/127\.0\.0\.1:\d+\/s\/[^\s?"<>]+)\?score=(\d)/g)];
      expect(
        links.map((l) => l[2]),
        mail.to[0],
      ).toEqual(['1', '2', '3', '4', '5']);
      const page = links[0]?.[1] ?? '';
      // Two in three answer; of those, half click a star only, half fill in the page.
      if (index % 3 === 2) continue;
      answered++;
      const score = ((index * 3) % 5) + 1;
      if (index % 2 === 0) {
        const oneClick = await fetch(`${page}?score=${score}`);
        expect(oneClick.status).toBe(200);
        // The page asks only the rest: the comment, not the stars again.
        const html = await oneClick.text();
        expect(html).toContain('q_comment');
        expect(html).not.toContain('name="q_csat"');
        given.set(invitation.id, { score, comment: null });
      } else {
        const comment = dutch ? `Antwoord ${index}: vriendelijk geholpen` : `Answer ${index}: friendly help`;
        const full = await fetch(page, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ q_csat: String(score), q_comment: comment }).toString(),
          redirect: 'manual',
        });
        expect(full.status).toBe(303);
        given.set(invitation.id, { score, comment });
      }
    }
    expect(answered).toBeGreaterThanOrEqual(4);

    // The answers, once processed, with their comments and the agent each is credited to.
    let answers: Answer[] = [];
    await expect
      .poll(
        async () => {
          const reply = await manager.get(`/api/surveys/answers?survey=${surveyId}&limit=500`);
          answers = (reply.json?.answers ?? []).filter((a: Answer) => a.questionId === null);
          return answers.length;
        },
        { timeout: 60_000, interval: 200 },
      )
      .toBe(answered);
    const invitationById = new Map(invitations.map((i) => [i.id, i]));
    const creditedTo = new Map<string, number>();
    for (const answer of answers) {
      const invitation = invitationById.get(answer.invitationId);
      const expected = given.get(answer.invitationId);
      expect(invitation && expected, answer.invitationId).toBeTruthy();
      if (!invitation || !expected) continue;
      expect(answer.score).toBe(expected.score);
      expect(answer.comment).toBe(expected.comment);
      expect(answer.contactKey).toBe(invitation.contactKey);
      expect(answer.via).toBe('email');
      expect(answer.channel).not.toBeNull();
      expect(answer.agentId, answer.contactKey ?? '').toBe(
        lastReplierBefore(invitation.contactKey, invitation.sentAt),
      );
      creditedTo.set(answer.agentId ?? '', (creditedTo.get(answer.agentId ?? '') ?? 0) + 1);
    }

    // The response rate: answers ÷ mails sent, in the KPIs of the day the mails went.
    const day = { from: '2026-06-17', to: '2026-06-18', timezone: 'Europe/Amsterdam' };
    const kpis = await manager.post('/api/kpi/query', {
      ...day,
      kpis: ['csat_response_rate', 'survey_response_rate'],
    });
    expect(kpis.status, kpis.text).toBe(200);
    const row = kpis.json.rows[0];
    expect(row.csat_response_rate.value).toBeCloseTo(answered / invitations.length, 6);
    expect(row.survey_response_rate.value).toBeCloseTo(answered / invitations.length, 6);

    // An agent sees the answers credited to them, and no one else's.
    const [agentId, count] = [...creditedTo.entries()].sort((a, b) => b[1] - a[1])[0] ?? ['', 0];
    const agent = new Client(server.url);
    expect((await agent.login(agentEmail(agentId))).status).toBe(200);
    const own = await agent.get(`/api/surveys/answers?survey=${surveyId}&limit=500`);
    expect(own.status, own.text).toBe(200);
    const mine = (own.json.answers as Answer[]).filter((a) => a.questionId === null);
    expect(mine).toHaveLength(count);
    for (const answer of mine) expect(answer.agentId).toBe(agentId);
  }, 180_000);
});
