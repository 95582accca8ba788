/**
 * Amounts in the reporting currency. An amount is converted with the latest rate of its currency
 * that applies on its day; an amount of a currency without one is left out rather than converted
 * at 1, since a wrong total is worse than a smaller one that says what it misses.
 */

import { dayOf } from './days.js';

export interface ExchangeRate {
  currency: string;
  /** 12:00 UTC of the first day the rate applies (see days.ts). */
  validFromDay: number;
  rate: number;
}

export interface RateBook {
  reportingCurrency: string | null;
  /** The amount in the reporting currency on `day` (12:00 UTC), or null without a rate. */
  convert(amount: number, currency: string, day: number): number | null;
  /** The first day a rate of `currency` applies; null when the rates table has none. */
  firstRateDay(currency: string): number | null;
}

export function rateBook(reportingCurrency: string | null, rates: readonly ExchangeRate[]): RateBook {
  const byCurrency = new Map<string, ExchangeRate[]>();
  for (const rate of rates) {
    const list = byCurrency.get(rate.currency) ?? [];
    list.push(rate);
    byCurrency.set(rate.currency, list);
  }
  for (const list of byCurrency.values()) list.sort((a, b) => a.validFromDay - b.validFromDay);
  return {
    reportingCurrency,
    convert(amount, currency, day) {
      if (currency === reportingCurrency) return amount;
      const list = byCurrency.get(currency);
      if (!list) return null;
      // The latest rate with valid_from on or before the day: a binary search over the sorted days.
      let lo = 0;
      let hi = list.length - 1;
      let found: ExchangeRate | null = null;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        const candidate = list[mid] as ExchangeRate;
        if (candidate.validFromDay <= day) {
          found = candidate;
          lo = mid + 1;
        } else hi = mid - 1;
      }
      return found === null ? null : amount * found.rate;
    },
    firstRateDay(currency) {
      return byCurrency.get(currency)?.[0]?.validFromDay ?? null;
    },
  };
}

export interface CurrencyChoice {
  currency: string | null;
  /** True when the data holds several currencies and no setting named one: the most used was taken. */
  guessed: boolean;
  currenciesInData: string[];
}

/**
 * The reporting currency: the setting, else the currency of the data the exchange rates convert
 * into — rates are kept for the other currencies, so when exactly one currency of the data has none
 * it is that one, however the mix of orders changes — else the currency with the most rows of
 * orders, costs and people (ties go to the alphabetically first, so that a rebuild never flips
 * between two).
 */
export function chooseReportingCurrency(
  setting: string | null,
  rowsPerCurrency: ReadonlyMap<string, number>,
  ratedCurrencies: ReadonlySet<string> = new Set(),
): CurrencyChoice {
  const currenciesInData = [...rowsPerCurrency.keys()].sort();
  if (setting !== null) return { currency: setting, guessed: false, currenciesInData };
  const unrated = currenciesInData.filter((c) => !ratedCurrencies.has(c));
  if (unrated.length === 1 && ratedCurrencies.size > 0)
    return { currency: unrated[0] ?? null, guessed: currenciesInData.length > 1, currenciesInData };
  let best: string | null = null;
  for (const currency of currenciesInData)
    if (best === null || (rowsPerCurrency.get(currency) ?? 0) > (rowsPerCurrency.get(best) ?? 0))
      best = currency;
  return { currency: best, guessed: currenciesInData.length > 1, currenciesInData };
}

/** What was left out for want of a rate, per currency: counted per table and named in a notice. */
export class MissingRates {
  private readonly counts = new Map<string, { orders: number; costLines: number; latestDay: number }>();

  note(currency: string, kind: 'orders' | 'costLines', day: number): void {
    const entry = this.counts.get(currency) ?? { orders: 0, costLines: 0, latestDay: day };
    entry[kind] += 1;
    entry.latestDay = Math.max(entry.latestDay, day);
    this.counts.set(currency, entry);
  }

  /** One message per currency, e.g. "12 orders and 1 cost line in USD before 2026-01-05 have no exchange rate". */
  notices(book: RateBook): { currency: string; message: string; rowsLeftOut: number }[] {
    return [...this.counts.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([currency, entry]) => {
        const parts = [
          entry.orders > 0 ? `${entry.orders} ${entry.orders === 1 ? 'order' : 'orders'}` : null,
          entry.costLines > 0
            ? `${entry.costLines} ${entry.costLines === 1 ? 'cost line' : 'cost lines'}`
            : null,
        ].filter((p): p is string => p !== null);
        const rows = entry.orders + entry.costLines;
        const first = book.firstRateDay(currency);
        const when = first === null ? '' : ` before ${dayOf(first)}`;
        const target = book.reportingCurrency ?? 'the reporting currency';
        return {
          currency,
          message: `${parts.join(' and ')} in ${currency}${when} ${rows === 1 ? 'has' : 'have'} no exchange rate to ${target}; left out of every amount`,
          rowsLeftOut: rows,
        };
      });
  }
}
