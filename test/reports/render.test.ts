import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chartPng, chartSvg } from '../../src/services/reports/charts.js';
import type { ReportContent, ReportFigure } from '../../src/services/reports/contract.js';
import { KPI_NAMES } from '../../src/services/reports/messages.js';
import { renderReport } from '../../src/services/reports/render.js';
import { LOCALES, type Locale } from '../../src/services/users.js';

const points = (values: (number | null)[]) =>
  values.map((value, i) => ({
    period: `2026-${String(10 + Math.floor(i / 4)).padStart(2, '0')}-0${(i % 4) + 1}`,
    value,
  }));

function figure(kpi: string, label: string, extra: Partial<ReportFigure>): ReportFigure {
  return {
    kpi,
    label,
    format: 'percent',
    better: 'higher',
    value: null,
    previous: null,
    change: null,
    n: null,
    target: null,
    met: null,
    benchmark: null,
    notice: null,
    series: [],
    chart: 'chart',
    ...extra,
  };
}

function content(locale: Locale, timezone: string): ReportContent {
  return {
    report: { id: 'r1', name: 'Team <overview>', frequency: 'weekly' },
    recipient: { userId: null, email: 'lead@example.com', locale, timezone },
    period: { key: '2026-W49', from: '2026-11-30', to: '2026-12-07', previousFrom: '2026-11-23', timezone },
    link: 'https://service.example.com/dashboards/d1',
    figures: [
      figure('csat', KPI_NAMES[locale].csat ?? 'csat', {
        value: 0.8234,
        previous: 0.79,
        change: 0.0334,
        n: 412,
        target: 0.85,
        met: false,
        benchmark: { name: 'Example Study', year: 2025, value: 0.78 },
        series: [{ name: null, points: points([0.8, 0.81, 0.78, 0.79, 0.8, 0.82, 0.79, 0.8234]) }],
      }),
      figure('frt', KPI_NAMES[locale].frt ?? 'frt', {
        format: 'duration',
        better: 'lower',
        value: 5400,
        previous: 6000,
        change: -600,
        n: 1200,
        target: 7200,
        met: true,
        series: [{ name: null, points: points([6000, 5800, null, 5400]) }],
      }),
      figure('abandonment_rate', KPI_NAMES[locale].abandonment_rate ?? 'x', {
        notice: 'no data',
        chart: 'value',
      }),
    ],
  };
}

const pdfText = (pdf: Buffer, dir: string) => {
  const file = join(dir, 'report.pdf');
  writeFileSync(file, pdf);
  execFileSync('pdftoppm', ['-png', '-r', '50', file, join(dir, 'page')]);
  const pages = readdirSync(dir).filter((f) => f.startsWith('page') && f.endsWith('.png'));
  expect(pages.length).toBeGreaterThan(0);
  for (const page of pages) expect(statSync(join(dir, page)).size).toBeGreaterThan(1000);
  return execFileSync('pdftotext', ['-layout', file, '-']).toString('utf8');
};

describe('report rendering', () => {
  it('draws a chart as SVG with its target line and rasterises it to PNG', () => {
    const f = content('en', 'UTC').figures[0] as ReportFigure;
    const svg = chartSvg(f, 'en', { width: 640, height: 260 });
    expect(svg).toMatch(/^<svg/);
    expect(svg).toContain('Target 85.0%');
    expect(svg).toContain('stroke-dasharray');
    const png = chartPng(svg);
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(png.length).toBeGreaterThan(5000);
    expect(chartSvg({ ...f, target: null }, 'en', { width: 640, height: 260 })).not.toContain('Target');
  });

  it('writes an English mail: subject, escaped HTML with figures and inline charts, text, PDF and CSV', async () => {
    const mail = await renderReport(content('en', 'America/New_York'), { attachPdf: true, attachCsv: true });
    expect(mail.subject.replace(/\s/g, ' ')).toBe('Weekly report “Team <overview>” — Nov 30 – Dec 6, 2026');
    expect(mail.html).toContain('Team &#60;overview&#62;');
    expect(mail.html).not.toContain('<overview>');
    for (const text of [
      '82.3%',
      '+3.3 pp',
      '85.0%',
      'missed',
      '78.0%',
      'Example Study',
      '1 hr 30 min',
      'met',
    ])
      expect(mail.html).toContain(text);
    expect(mail.html).toContain('src="cid:chart-1@servicemeter"');
    expect(mail.html).toContain('#b91c1c'); // the target missed
    expect(mail.text).toContain('Value: 82.3% (based on 412)');
    const inline = mail.attachments.filter((a) => a.cid);
    expect(inline.map((a) => a.cid)).toEqual(['chart-1@servicemeter', 'chart-2@servicemeter']);
    const csv = mail.attachments.find((a) => a.filename === 'report-2026-W49.csv');
    expect(csv?.content.toString('utf8').split('\r\n')[1]).toBe(
      '2026-W49,2026-11-30,2026-12-07,csat,Customer satisfaction (CSAT),percent,82.34,79,3.34,412,85,no,78,Example Study,2025,',
    );
    const pdf = mail.attachments.find((a) => a.filename === 'report-2026-W49.pdf');
    const text = pdfText(pdf?.content as Buffer, mkdtempSync(join(tmpdir(), 'report-en-')));
    for (const t of ['Weekly report', '82.3%', '+3.3 pp', '1 hr 30 min', 'Example Study'])
      expect(text).toContain(t);
  });

  it('writes a Dutch recipient’s mail and PDF in Dutch', async () => {
    const mail = await renderReport(content('nl', 'Europe/Amsterdam'), { attachPdf: true, attachCsv: false });
    expect(mail.subject.replace(/\s/g, ' ')).toBe('Weekrapport “Team <overview>” — 30 nov – 6 dec 2026');
    expect(mail.attachments.some((a) => a.filename.endsWith('.csv'))).toBe(false);
    const pdf = mail.attachments.find((a) => a.contentType === 'application/pdf');
    const text = pdfText(pdf?.content as Buffer, mkdtempSync(join(tmpdir(), 'report-nl-')));
    for (const t of [
      'Weekrapport',
      'Klanttevredenheid',
      '82,3%',
      'niet gehaald',
      'Eerste reactietijd',
      '1 uur 30 min',
    ])
      expect(text).toContain(t);
  });

  it('writes a Chinese recipient’s PDF in Chinese with an embedded CJK font', async () => {
    const mail = await renderReport(content('zh-CN', 'Asia/Shanghai'), { attachPdf: true, attachCsv: false });
    expect(mail.subject).toContain('周报');
    const pdf = mail.attachments.find((a) => a.contentType === 'application/pdf')?.content as Buffer;
    const dir = mkdtempSync(join(tmpdir(), 'report-zh-'));
    const text = pdfText(pdf, dir);
    for (const t of ['周报', KPI_NAMES['zh-CN'].csat as string, '82.3%', '未达成']) expect(text).toContain(t);
    const fonts = execFileSync('pdffonts', [join(dir, 'report.pdf')]).toString('utf8');
    expect(fonts).toMatch(/DroidSansFallback/);
    expect(fonts).toMatch(/DejaVuSans/);
  });

  it('names every indicator as the dashboard does, in every language', () => {
    for (const locale of LOCALES) {
      const web = readFileSync(`web/src/i18n/${locale}/kpis.ts`, 'utf8');
      for (const [id, name] of Object.entries(KPI_NAMES[locale])) {
        const quoted = name.includes("'") ? JSON.stringify(name) : `'${name}'`;
        expect(web, `${locale} ${id}`).toContain(`name: ${quoted}`);
      }
      expect(Object.keys(KPI_NAMES[locale]).length).toBe((web.match(/^ {4}name:/gm) ?? []).length);
    }
  });
});
