/**
 * The help-centre widget on a page of another origin (a second server on another port) under a
 * strict Content-Security-Policy that allows only the survey server's script and connections.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { surveyTemplate } from '../../src/core/surveys/templates.js';
import type { DuckDbEngine } from '../../src/engines/duckdb/engine.js';
import { createSurvey } from '../../src/services/surveys/store.js';
import { startTestServer, type TestServer } from '../server/support.js';
import { launchChromium, screenshot } from './support.js';

let ts: TestServer;
let db: DuckDbEngine;
let browser: Browser;
let helpCentre: Server;
let helpCentreUrl = '';
let surveyId = '';

beforeAll(async () => {
  ts = await startTestServer({
    prepare: async (database) => {
      db = database;
      const created = await createSurvey(
        database,
        { name: 'Help centre', definition: surveyTemplate('self_service') },
        null,
        new Date(),
      );
      if (!created.ok) throw new Error(JSON.stringify(created.error));
      surveyId = created.data.id;
    },
  });
  const surveyOrigin = new URL(ts.url).origin;
  helpCentre = createServer((_request, response) => {
    response.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': `default-src 'self'; script-src ${surveyOrigin}; connect-src ${surveyOrigin}`,
    });
    response.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Returns</title></head>
<body><h1>How do I return an order?</h1><p>Send it back within 30 days.</p>
<script src="${surveyOrigin}/s/widget.js" data-survey="${surveyId}" data-lang="en"></script>
<p>Footer</p></body></html>`);
  });
  await new Promise<void>((resolve) => helpCentre.listen(0, '127.0.0.1', resolve));
  helpCentreUrl = `http://127.0.0.1:${(helpCentre.address() as AddressInfo).port}`;
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => helpCentre?.close(resolve));
  await ts?.stop();
});

test('the widget renders, is answered and stores the page it sits on, with no CSP violation and no cookie', async () => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  const violations: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to/.test(m.text())) violations.push(m.text());
  });
  const articleUrl = `${helpCentreUrl}/articles/returns`;
  await page.goto(articleUrl);
  const template = surveyTemplate('self_service');
  const title = template.title.en ?? '';
  await page.getByRole('heading', { name: title }).waitFor();
  // The widget's own styles apply (the constructed sheet was not blocked).
  const border = await page.evaluate<string>(
    "getComputedStyle(document.querySelector('script[data-survey]').nextElementSibling.shadowRoot.querySelector('.w')).borderTopStyle",
  );
  expect(border).toBe('solid');
  await page.getByRole('radio', { name: 'Yes' }).check();
  await screenshot(page, 'survey-widget-phone');
  await page.getByRole('button', { name: 'Send' }).click();
  await page.getByRole('heading', { name: 'Thank you!' }).waitFor({ timeout: 20_000 });
  expect(violations).toEqual([]);
  expect(await context.cookies()).toEqual([]);

  const deadline = Date.now() + 20_000;
  let rows: Record<string, unknown>[] = [];
  while (rows.length === 0 && Date.now() < deadline) {
    rows = await db.all(
      `SELECT r.score, r.via, i.page_url FROM survey_responses r
       JOIN survey_invitations i ON i.source = r.source AND i.external_id = r.invitation_id
       WHERE r.via = 'widget' AND r.question_id IS NULL`,
    );
    if (rows.length === 0) await new Promise((resolve) => setTimeout(resolve, 100));
  }
  expect(rows).toEqual([{ score: 1, via: 'widget', page_url: articleUrl }]);
  await context.close();
});
