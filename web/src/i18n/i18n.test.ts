import { describe, expect, it } from 'vitest';
import { KPIS } from '../../../src/core/kpi/catalog.js';
import { KPI_INPUT_IDS } from '../../../src/core/kpi/inputs.js';
import { DATA_QUALITY_CODES } from '../../../src/ingest/sources/format.js';
import en from './en.js';
import { interpolate, loadBundle } from './index.js';
import { KPI_IDS, LOCALES } from './types.js';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('translations', () => {
  it('name and define exactly the KPIs of the catalog', () => {
    expect([...KPI_IDS].sort()).toEqual(KPIS.map((k) => k.id).sort());
  });

  it('English KPI texts are the catalog’s', () => {
    for (const kpi of KPIS) {
      expect(en.kpis[kpi.id as keyof typeof en.kpis]).toEqual({
        name: kpi.label,
        definition: kpi.definition,
      });
    }
  });

  it('say every missing input and every data-quality problem a notice can name, in every language', async () => {
    const keys = [
      ...KPI_INPUT_IDS.map((id) => `input.${id}`),
      ...DATA_QUALITY_CODES.map((code) => `quality.${code}`),
      'notice.noInput',
      'notice.dataQuality',
    ];
    for (const locale of LOCALES) {
      const { messages } = await loadBundle(locale);
      for (const key of keys) {
        const text = (messages as Record<string, string | undefined>)[key];
        expect(text?.trim(), `${locale} ${key}`).toBeTruthy();
      }
    }
  });

  for (const locale of LOCALES) {
    it(`${locale} has every message, with the same placeholders as English`, async () => {
      const bundle = await loadBundle(locale);
      expect(Object.keys(bundle.messages).sort()).toEqual(Object.keys(en.messages).sort());
      for (const [key, text] of Object.entries(en.messages)) {
        const translated = bundle.messages[key as keyof typeof en.messages];
        expect(translated.trim(), `${locale} ${key}`).not.toBe('');
        expect(placeholders(translated), `${locale} ${key}`).toEqual(placeholders(text));
      }
      for (const id of KPI_IDS) {
        expect(bundle.kpis[id].name.trim(), `${locale} ${id}`).not.toBe('');
        expect(bundle.kpis[id].definition.trim(), `${locale} ${id}`).not.toBe('');
      }
    });
  }

  it('non-English locales are translated, not copies of English', async () => {
    for (const locale of LOCALES.filter((l) => l !== 'en')) {
      const bundle = await loadBundle(locale);
      const same = Object.entries(en.messages).filter(
        ([key, text]) => bundle.messages[key as keyof typeof en.messages] === text,
      );
      // Some labels are the same in other languages too (CSAT, n, Trend, Team, Chat), but not many.
      const share = same.length / Object.keys(en.messages).length;
      expect(share, `${locale}: ${same.map(([k]) => k).join(', ')}`).toBeLessThan(0.1);
      const sameDefinitions = KPI_IDS.filter((id) => bundle.kpis[id].definition === en.kpis[id].definition);
      expect(sameDefinitions, locale).toEqual([]);
    }
  });
});

describe('interpolate', () => {
  it('fills placeholders and leaves unknown ones visible', () => {
    expect(interpolate('{a} of {b}', { a: 1, b: 'two' })).toBe('1 of two');
    expect(interpolate('{a} and {c}', { a: 1 })).toBe('1 and {c}');
    expect(interpolate('plain')).toBe('plain');
  });
});
