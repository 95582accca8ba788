import { PageSizes, PDFDocument } from 'pdf-lib';
import { describe, expect, test } from 'vitest';
import type { SurveyDefinition } from '../../core/surveys/definition.js';
import { FALLBACK_TITLE, posterTitle, surveyPoster } from './poster.js';
import { darkRuns, qrMatrix } from './qr.js';

const URL_OF_SHOP = 'https://meter.example.com/s/q/shop-survey/main-street';

function definition(title: Record<string, string>, defaultLanguage = 'en'): SurveyDefinition {
  return {
    type: 'custom',
    defaultLanguage,
    languages: Object.keys(title),
    title,
    thanks: Object.fromEntries(Object.keys(title).map((l) => [l, 'Thanks'])),
    questions: [
      {
        id: 'overall',
        type: 'rating',
        measure: 'csat',
        scale: { min: 1, max: 5 },
        display: 'stars',
        required: true,
        text: Object.fromEntries(Object.keys(title).map((l) => [l, 'How was it?'])),
      },
    ],
    branding: { colour: '#1f5fbf' },
  };
}

/** The page's drawing operators, as pdf-lib wrote them (decompressed when they were compressed). */
async function pageOperators(bytes: Uint8Array): Promise<string> {
  const { inflateSync } = await import('node:zlib');
  const document = await PDFDocument.load(bytes);
  const page = document.getPage(0);
  const contents = page.node.Contents();
  const streams = contents === undefined ? [] : 'asArray' in contents ? contents.asArray() : [contents];
  let text = '';
  for (const ref of streams) {
    const stream = document.context.lookup(ref) as unknown as {
      getContents(): Uint8Array;
      dict: { toString(): string };
    };
    const raw = Buffer.from(stream.getContents());
    text += stream.dict.toString().includes('FlateDecode')
      ? inflateSync(raw).toString('latin1')
      : raw.toString('latin1');
  }
  return text;
}

describe('a location poster', () => {
  test.each([
    ['A4', PageSizes.A4],
    ['A6', PageSizes.A6],
  ] as const)(
    '%s: one page of that size, the QR code drawn as squares, the location and the address',
    async (size, [width, height]) => {
      const bytes = await surveyPoster({
        definition: definition({ en: 'How did we do today?' }),
        name: 'Shop survey',
        location: 'main-street',
        url: URL_OF_SHOP,
        size,
      });
      const document = await PDFDocument.load(bytes);
      expect(document.getPageCount()).toBe(1);
      const page = document.getPage(0);
      expect(page.getWidth()).toBeCloseTo(width, 1);
      expect(page.getHeight()).toBeCloseTo(height, 1);
      expect(document.getTitle()).toBe('Shop survey — main-street');
      expect(document.getSubject()).toBe(URL_OF_SHOP);
      const operators = await pageOperators(bytes);
      // One filled path per run of dark modules of the address's code, and no other.
      const rectangles = operators.split('\n').filter((line) => line === 'f');
      expect(rectangles.length).toBe(darkRuns(qrMatrix(URL_OF_SHOP)).length);
      // The standard fonts write text as hex strings of their one-byte encoding.
      const hex = (text: string) => `<${Buffer.from(text, 'latin1').toString('hex').toUpperCase()}>`;
      expect(operators).toContain(hex('How did we do today?'));
      expect(operators).toContain(hex('main-street'));
      expect(operators).toContain(hex(URL_OF_SHOP));
    },
  );

  test('a title the standard fonts cannot write falls back to the English one, else to a fixed line', () => {
    const latin = (text: string) => [...text].every((c) => (c.codePointAt(0) ?? 0) < 256);
    expect(posterTitle(definition({ nl: 'Hoe deden we het?', en: 'How did we do?' }, 'nl'), latin)).toBe(
      'Hoe deden we het?',
    );
    expect(
      posterTitle(definition({ 'zh-CN': '我们做得怎么样？', en: 'How did we do?' }, 'zh-CN'), latin),
    ).toBe('How did we do?');
    expect(posterTitle(definition({ uk: 'Як ми впоралися?' }, 'uk'), latin)).toBe(FALLBACK_TITLE);
  });

  test('a Chinese survey still makes a poster, under the English line', async () => {
    const bytes = await surveyPoster({
      definition: definition({ 'zh-CN': '我们做得怎么样？' }, 'zh-CN'),
      name: '门店',
      location: 'main-street',
      url: URL_OF_SHOP,
      size: 'A6',
    });
    const operators = await pageOperators(bytes);
    expect(operators).toContain(`<${Buffer.from(FALLBACK_TITLE, 'latin1').toString('hex').toUpperCase()}>`);
  });
});
