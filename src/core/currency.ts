/**
 * ISO 4217 currency codes: those the runtime knows (`Intl.supportedValuesOf`), read in any case.
 * A code outside the list is refused rather than guessed, since an amount in an unknown currency
 * cannot be converted.
 */
const KNOWN = new Set(Intl.supportedValuesOf('currency'));

export function isCurrency(value: string): boolean {
  return value.length === 3 && KNOWN.has(value.toUpperCase());
}

/** The code in upper case, or null when it is no ISO 4217 code. */
export function currencyCode(value: string): string | null {
  const code = value.trim().toUpperCase();
  return isCurrency(code) ? code : null;
}
