/**
 * A composed report as a mail: a subject in the recipient's language, an HTML part with inline CSS
 * (mail clients drop style sheets) and the charts as inline images, a plain-text part, and the PDF
 * and CSV as attachments.
 */
import { formatChange, formatFigure, formatReportPeriod } from '../../core/reports/format.js';
import type { RenderedReport, ReportContent, ReportFigure } from './contract.js';
import { reportCsv } from './csv.js';
import { reportMessages } from './messages.js';

const CHART_SIZE = { width: 640, height: 260 };
const TONE_COLOUR = { better: '#15803d', worse: '#b91c1c', same: '#52525b' } as const;
const ARROW = { up: '▲', down: '▼', flat: '' } as const;

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Whether a figure has a chart to draw: one not shown as a bare value, with a point to draw. */
function charted(figure: ReportFigure): boolean {
  return figure.chart !== 'value' && figure.series.some((s) => s.points.some((p) => p.value !== null));
}

/** The subject: `Weekly report “Team overview” — 30 Nov – 6 Dec 2026`, in the recipient's language. */
export function reportSubject(content: ReportContent): string {
  const words = reportMessages(content.recipient.locale);
  return `${words.report[content.report.frequency]} “${content.report.name}” — ${formatReportPeriod(content.recipient.locale, content.period)}`;
}

function figureHtml(content: ReportContent, figure: ReportFigure, cid: string | null): string {
  const locale = content.recipient.locale;
  const words = reportMessages(locale);
  const cell = 'padding:4px 12px 4px 0;vertical-align:top;font-size:14px;';
  const head = `${cell}color:#52525b;`;
  const rows: string[] = [];
  const value = formatFigure(locale, figure.format, figure.value);
  const n =
    figure.n !== null && figure.value !== null
      ? ` <span style="color:#71717a;font-size:12px;">(${escapeHtml(words.basedOn(formatFigure(locale, 'count', figure.n)))})</span>`
      : '';
  rows.push(
    `<tr><td style="${head}">${escapeHtml(words.value)}</td><td style="${cell}font-size:20px;font-weight:bold;">${escapeHtml(value)}</td></tr>`,
  );
  const change = formatChange(
    locale,
    figure.format,
    figure.better,
    figure.value,
    figure.previous,
    words.pointUnit,
  );
  if (change) {
    const tone =
      change.tone === 'better' ? words.better : change.tone === 'worse' ? words.worse : words.unchanged;
    rows.push(
      `<tr><td style="${head}">${escapeHtml(words.change)}</td><td style="${cell}color:${TONE_COLOUR[change.tone]};">${ARROW[change.direction]} ${escapeHtml(change.text)} (${escapeHtml(tone)}) <span style="color:#71717a;">${escapeHtml(words.previous)}: ${escapeHtml(formatFigure(locale, figure.format, figure.previous))}</span></td></tr>`,
    );
  }
  if (figure.target !== null) {
    const met =
      figure.met === null
        ? ''
        : ` <span style="color:${figure.met ? TONE_COLOUR.better : TONE_COLOUR.worse};font-weight:bold;">${figure.met ? '✓' : '✗'} ${escapeHtml(figure.met ? words.met : words.missed)}</span>`;
    rows.push(
      `<tr><td style="${head}">${escapeHtml(words.target)}</td><td style="${cell}">${escapeHtml(formatFigure(locale, figure.format, figure.target))}${met}</td></tr>`,
    );
  }
  if (figure.benchmark)
    rows.push(
      `<tr><td style="${head}">${escapeHtml(words.benchmark)}</td><td style="${cell}">${escapeHtml(formatFigure(locale, figure.format, figure.benchmark.value))} <span style="color:#71717a;">(${escapeHtml(figure.benchmark.name)}, ${figure.benchmark.year})</span></td></tr>`,
    );
  const notice = figure.notice
    ? `<p style="margin:4px 0;color:#92400e;font-size:13px;">${escapeHtml(figure.notice)}</p>`
    : '';
  const image = cid
    ? `<img src="cid:${cid}" width="${CHART_SIZE.width}" height="${CHART_SIZE.height}" alt="${escapeHtml(figure.label)}" style="display:block;max-width:100%;height:auto;border:0;margin-top:8px;">`
    : '';
  return `<div style="margin:0 0 24px 0;padding:12px 16px;border:1px solid #e4e4e7;border-radius:6px;">
<h2 style="margin:0 0 8px 0;font-size:16px;color:#18181b;">${escapeHtml(figure.label)}</h2>
<table role="presentation" style="border-collapse:collapse;">${rows.join('')}</table>${n ? `<p style="margin:2px 0;">${n}</p>` : ''}
${notice}${image}
</div>`;
}

export async function renderReport(
  content: ReportContent,
  options: { attachPdf: boolean; attachCsv: boolean },
): Promise<RenderedReport> {
  // The chart and PDF libraries take seconds to load: only a process that renders a report loads them.
  const [{ chartPng, chartSvg }, { figureLines, reportPdf }] = await Promise.all([
    import('./charts.js'),
    import('./pdf.js'),
  ]);
  const locale = content.recipient.locale;
  const words = reportMessages(locale);
  const subject = reportSubject(content);
  const charts = new Map<string, Buffer>();
  const attachments: RenderedReport['attachments'] = [];
  const blocks: string[] = [];
  for (const [index, figure] of content.figures.entries()) {
    let cid: string | null = null;
    if (charted(figure)) {
      const png = chartPng(chartSvg(figure, locale, CHART_SIZE));
      charts.set(figure.kpi, png);
      cid = `chart-${index + 1}@servicemeter`;
      attachments.push({ filename: `chart-${index + 1}.png`, contentType: 'image/png', content: png, cid });
    }
    blocks.push(figureHtml(content, figure, cid));
  }
  const period = formatReportPeriod(locale, content.period);
  const link = content.link
    ? `<p style="margin:16px 0;"><a href="${escapeHtml(content.link)}" style="color:#2563eb;">${escapeHtml(words.open)}</a></p>`
    : '';
  const html = `<!DOCTYPE html>
<html lang="${escapeHtml(locale)}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>
<body style="margin:0;padding:24px;background:#ffffff;font-family:Arial,Helvetica,'Microsoft YaHei','PingFang SC',sans-serif;color:#18181b;">
<div style="max-width:680px;margin:0 auto;">
<h1 style="font-size:20px;margin:0 0 4px 0;">${escapeHtml(`${words.report[content.report.frequency]} “${content.report.name}”`)}</h1>
<p style="margin:0 0 20px 0;color:#52525b;font-size:14px;">${escapeHtml(words.period)}: ${escapeHtml(period)}</p>
${blocks.length > 0 ? blocks.join('\n') : `<p>${escapeHtml(words.noFigures)}</p>`}
${link}
<p style="margin:24px 0 0 0;color:#71717a;font-size:12px;">${escapeHtml(words.footer)}</p>
</div></body></html>`;
  const text = [
    `${words.report[content.report.frequency]} “${content.report.name}”`,
    `${words.period}: ${period}`,
    '',
    ...(content.figures.length === 0 ? [words.noFigures] : []),
    ...content.figures.flatMap((f) => [f.label, ...figureLines(content, f).map((l) => `  ${l}`), '']),
    ...(content.link ? [`${words.open}: ${content.link}`, ''] : []),
    words.footer,
  ].join('\n');
  const file = `${words.file}-${content.period.key}`;
  if (options.attachPdf)
    attachments.push({
      filename: `${file}.pdf`,
      contentType: 'application/pdf',
      content: await reportPdf(content, charts),
    });
  if (options.attachCsv)
    attachments.push({
      filename: `${file}.csv`,
      contentType: 'text/csv; charset=utf-8',
      content: Buffer.from(reportCsv(content), 'utf8'),
    });
  return { subject, html, text, attachments };
}
