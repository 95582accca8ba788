/**
 * A printable poster for a counter or a shop: the survey's title, its QR code drawn as vector
 * squares (sharp at any printer's resolution), the location and the address to type by hand.
 */
import { PageSizes, PDFDocument, type PDFFont, rgb, StandardFonts } from 'pdf-lib';
import type { SurveyDefinition } from '../../core/surveys/definition.js';
import { darkRuns, QUIET_ZONE, qrMatrix } from './qr.js';

export const POSTER_SIZES = { A4: PageSizes.A4, A6: PageSizes.A6 } as const;
export type PosterSize = keyof typeof POSTER_SIZES;

/** Said instead of a title the poster's fonts cannot write (see posterTitle). */
export const FALLBACK_TITLE = 'Tell us how we did';

export interface PosterInput {
  definition: SurveyDefinition;
  /** The survey's name, recorded in the PDF's properties. */
  name: string;
  location: string;
  /** The location page's address, which the QR code holds. */
  url: string;
  size: PosterSize;
}

/**
 * The standard PDF fonts, the only ones a poster carries without embedding a font file, write only
 * Windows-1252 (Latin) characters. A title with others (Chinese, Ukrainian) would not print: the
 * English title is used instead when the survey has one that fits, else a fixed English line.
 */
export function posterTitle(definition: SurveyDefinition, writable: (text: string) => boolean): string {
  const wanted = definition.title[definition.defaultLanguage] ?? '';
  if (wanted.trim() !== '' && writable(wanted)) return wanted.trim();
  const english = definition.title.en ?? '';
  if (english.trim() !== '' && writable(english)) return english.trim();
  return FALLBACK_TITLE;
}

function writableIn(font: PDFFont): (text: string) => boolean {
  const characters = new Set(font.getCharacterSet());
  return (text) => [...text].every((c) => characters.has(c.codePointAt(0) ?? -1));
}

/** Words on lines no wider than `width`; a word longer than a line is cut. */
function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const candidate = line === '' ? word : `${line} ${word}`;
    if (font.widthOfTextAtSize(candidate, size) <= width) {
      line = candidate;
      continue;
    }
    if (line !== '') lines.push(line);
    let rest = word;
    while (font.widthOfTextAtSize(rest, size) > width && rest.length > 1) {
      let cut = rest.length - 1;
      while (cut > 1 && font.widthOfTextAtSize(rest.slice(0, cut), size) > width) cut--;
      lines.push(rest.slice(0, cut));
      rest = rest.slice(cut);
    }
    line = rest;
  }
  if (line !== '') lines.push(line);
  return lines;
}

/** Text as it can be written in the font: characters it lacks become '?'. */
function writableText(text: string, font: PDFFont): string {
  const can = writableIn(font);
  return [...text].map((c) => (can(c) ? c : '?')).join('');
}

export async function surveyPoster(input: PosterInput): Promise<Uint8Array> {
  const document = await PDFDocument.create();
  document.setTitle(`${input.name} — ${input.location}`);
  document.setSubject(input.url);
  document.setCreator('servicemeter');
  document.setProducer('servicemeter');
  const [width, height] = POSTER_SIZES[input.size];
  const page = document.addPage([width, height]);
  const bold = await document.embedFont(StandardFonts.HelveticaBold);
  const regular = await document.embedFont(StandardFonts.Helvetica);
  // Everything is laid out in proportion to the page, so A6 is A4 at half the size.
  const unit = width / 595.28;
  const margin = 48 * unit;
  const inner = width - 2 * margin;

  let y = height - margin;
  const titleSize = 34 * unit;
  const title = posterTitle(input.definition, writableIn(bold));
  for (const line of wrap(title, bold, titleSize, inner).slice(0, 3)) {
    y -= titleSize;
    page.drawText(line, {
      x: margin + (inner - bold.widthOfTextAtSize(line, titleSize)) / 2,
      y,
      size: titleSize,
      font: bold,
      color: rgb(0.1, 0.1, 0.1),
    });
    y -= titleSize * 0.25;
  }

  const matrix = qrMatrix(input.url);
  const modules = matrix.length + 2 * QUIET_ZONE;
  const side = Math.min(inner, y - margin - 90 * unit);
  const module = side / modules;
  const left = (width - side) / 2;
  const top = y - 20 * unit;
  for (const run of darkRuns(matrix))
    page.drawRectangle({
      x: left + (run.column + QUIET_ZONE) * module,
      y: top - (run.row + QUIET_ZONE + 1) * module,
      width: run.length * module,
      height: module,
      color: rgb(0, 0, 0),
    });
  y = top - side - 10 * unit;

  const locationSize = 20 * unit;
  const location = writableText(input.location, bold);
  y -= locationSize;
  page.drawText(location, {
    x: (width - bold.widthOfTextAtSize(location, locationSize)) / 2,
    y,
    size: locationSize,
    font: bold,
  });
  const urlSize = 12 * unit;
  for (const line of wrap(writableText(input.url, regular), regular, urlSize, inner)) {
    y -= urlSize * 1.6;
    page.drawText(line, {
      x: (width - regular.widthOfTextAtSize(line, urlSize)) / 2,
      y,
      size: urlSize,
      font: regular,
      color: rgb(0.2, 0.2, 0.2),
    });
  }
  return document.save();
}
