/**
 * A report as a PDF of A4 pages: its title and period, then per indicator its value, change, target
 * and benchmark, and its chart. The text is real text in embedded fonts, so it can be searched,
 * copied and read aloud, in every language of the product.
 */
import { existsSync, readFileSync } from 'node:fs';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, type PDFFont, type PDFPage, rgb, StandardFonts } from 'pdf-lib';
import { formatChange, formatFigure, formatReportPeriod } from '../../core/reports/format.js';
import { FONT_FILES } from './charts.js';
import type { ReportContent, ReportFigure } from './contract.js';
import { reportMessages } from './messages.js';

const A4 = { width: 595.28, height: 841.89 };
const MARGIN = 48;
const CJK = /[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]/;
const CJK_RUNS = /([\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]+)/;
const NOT_WIN_ANSI = /[^\u0020-\u007e\u00a0-\u00ff\u2013\u2014\u2018\u2019\u201c\u201d\u2022\u2026\u20ac\n]/;

export class MissingFontError extends Error {}

interface Fonts {
  regular: PDFFont;
  bold: PDFFont;
  cjk: PDFFont | null;
}

function fontBytes(file: string, debianPackage: string, why: string): Uint8Array {
  if (!existsSync(file))
    throw new MissingFontError(
      `${file}: font missing; ${why} needs it — install the Debian package ${debianPackage}`,
    );
  return readFileSync(file);
}

/** DejaVu Sans for Latin and Cyrillic, Droid Sans Fallback where the text holds Chinese. */
async function embedFonts(pdf: PDFDocument, texts: string[], locale: string): Promise<Fonts> {
  pdf.registerFontkit(fontkit);
  const needsCjk = texts.some((t) => CJK.test(t));
  const needsUnicode = texts.some((t) => NOT_WIN_ANSI.test(t.replace(new RegExp(CJK.source, 'g'), '')));
  let regular: PDFFont;
  let bold: PDFFont;
  if (existsSync(FONT_FILES.latin)) {
    regular = await pdf.embedFont(readFileSync(FONT_FILES.latin), { subset: true });
    bold = existsSync(FONT_FILES.latinBold)
      ? await pdf.embedFont(readFileSync(FONT_FILES.latinBold), { subset: true })
      : regular;
  } else if (!needsUnicode) {
    // Western European text is in the standard fonts' own encoding.
    regular = await pdf.embedFont(StandardFonts.Helvetica);
    bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  } else {
    throw new MissingFontError(
      `${FONT_FILES.latin}: font missing; a report in ${locale} needs it — install the Debian package fonts-dejavu-core`,
    );
  }
  const cjk = needsCjk
    ? await pdf.embedFont(fontBytes(FONT_FILES.cjk, 'fonts-droid-fallback', `a report in ${locale}`), {
        subset: true,
      })
    : null;
  return { regular, bold, cjk };
}

class Writer {
  page: PDFPage;
  y: number;
  constructor(
    private readonly pdf: PDFDocument,
    private readonly fonts: Fonts,
  ) {
    this.page = pdf.addPage([A4.width, A4.height]);
    this.y = A4.height - MARGIN;
  }

  /** Runs of text each in one font: Chinese in the CJK font, the rest (digits, Latin) in DejaVu. */
  private runs(text: string, bold: boolean): { text: string; font: PDFFont }[] {
    const latin = bold ? this.fonts.bold : this.fonts.regular;
    if (!this.fonts.cjk) return [{ text, font: latin }];
    const cjk = this.fonts.cjk;
    return text
      .split(CJK_RUNS)
      .filter((part) => part !== '')
      .map((part) => ({ text: part, font: CJK.test(part) ? cjk : latin }));
  }

  private widthOf(text: string, bold: boolean, size: number): number {
    return this.runs(text, bold).reduce((sum, run) => sum + run.font.widthOfTextAtSize(run.text, size), 0);
  }

  room(height: number): void {
    if (this.y - height >= MARGIN) return;
    this.page = this.pdf.addPage([A4.width, A4.height]);
    this.y = A4.height - MARGIN;
  }

  /** Lines of at most the page's width: broken at spaces, or anywhere in text without them. */
  private wrap(text: string, bold: boolean, size: number): string[] {
    const width = A4.width - 2 * MARGIN;
    const lines: string[] = [];
    let line = '';
    const tokens = CJK.test(text) ? [...text] : text.split(/(?<= )/);
    for (const token of tokens) {
      if (line && this.widthOf(line + token, bold, size) > width) {
        lines.push(line.trimEnd());
        line = token.trimStart();
      } else line += token;
    }
    if (line) lines.push(line.trimEnd());
    return lines;
  }

  text(
    text: string,
    options: { size?: number; bold?: boolean; colour?: [number, number, number] } = {},
  ): void {
    const size = options.size ?? 10;
    const bold = options.bold ?? false;
    const [r, g, b] = options.colour ?? [0.1, 0.1, 0.12];
    for (const line of this.wrap(text, bold, size)) {
      this.room(size * 1.4);
      let x = MARGIN;
      for (const run of this.runs(line, bold)) {
        this.page.drawText(run.text, { x, y: this.y - size, size, font: run.font, color: rgb(r, g, b) });
        x += run.font.widthOfTextAtSize(run.text, size);
      }
      this.y -= size * 1.4;
    }
  }

  gap(height: number): void {
    this.y -= height;
  }

  async image(png: Buffer): Promise<void> {
    const image = await this.pdf.embedPng(png);
    const width = A4.width - 2 * MARGIN;
    const height = (image.height / image.width) * width;
    this.room(height);
    this.page.drawImage(image, { x: MARGIN, y: this.y - height, width, height });
    this.y -= height;
  }
}

/** The lines a figure is written as, in the recipient's language; also the mail's text part. */
export function figureLines(content: ReportContent, figure: ReportFigure): string[] {
  const locale = content.recipient.locale;
  const words = reportMessages(locale);
  const value = formatFigure(locale, figure.format, figure.value);
  const lines = [
    `${words.value}: ${value}${figure.n !== null && figure.value !== null ? ` (${words.basedOn(formatFigure(locale, 'count', figure.n))})` : ''}`,
  ];
  const change = formatChange(
    locale,
    figure.format,
    figure.better,
    figure.value,
    figure.previous,
    words.pointUnit,
  );
  if (change)
    lines.push(
      `${words.change}: ${change.text} (${change.tone === 'better' ? words.better : change.tone === 'worse' ? words.worse : words.unchanged}; ${words.previous}: ${formatFigure(locale, figure.format, figure.previous)})`,
    );
  if (figure.target !== null)
    lines.push(
      `${words.target}: ${formatFigure(locale, figure.format, figure.target)}${figure.met === null ? '' : ` — ${figure.met ? words.met : words.missed}`}`,
    );
  if (figure.benchmark)
    lines.push(
      `${words.benchmark}: ${formatFigure(locale, figure.format, figure.benchmark.value)} (${figure.benchmark.name}, ${figure.benchmark.year})`,
    );
  if (figure.notice) lines.push(figure.notice);
  return lines;
}

/** The report as a PDF; `charts` holds the PNG of each figure's chart by KPI id (when it has one). */
export async function reportPdf(content: ReportContent, charts: Map<string, Buffer>): Promise<Buffer> {
  const locale = content.recipient.locale;
  const words = reportMessages(locale);
  const title = `${words.report[content.report.frequency]} “${content.report.name}”`;
  const period = `${words.period}: ${formatReportPeriod(locale, content.period)}`;
  const blocks = content.figures.map((f) => [f.label, ...figureLines(content, f)]);
  const pdf = await PDFDocument.create();
  pdf.setTitle(title);
  pdf.setLanguage(locale);
  pdf.setCreator('servicemeter');
  const fonts = await embedFonts(pdf, [title, period, words.noFigures, ...blocks.flat()], locale);
  const writer = new Writer(pdf, fonts);
  writer.text(title, { size: 18, bold: true });
  writer.text(period, { size: 11, colour: [0.35, 0.35, 0.4] });
  writer.gap(12);
  if (content.figures.length === 0) writer.text(words.noFigures);
  for (const [index, figure] of content.figures.entries()) {
    const [label, ...lines] = blocks[index] ?? [];
    writer.room(80);
    writer.text(label ?? figure.kpi, { size: 13, bold: true });
    for (const line of lines) writer.text(line);
    const png = charts.get(figure.kpi);
    if (png) {
      writer.gap(4);
      await writer.image(png);
    }
    writer.gap(16);
  }
  return Buffer.from(await pdf.save());
}
