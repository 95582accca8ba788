let canonical: Set<string> | undefined;
const otherAccepted = new Set<string>();

/**
 * Whether the runtime knows this IANA time zone (or alias). Remembered: building a formatter to
 * find out costs about a millisecond, and every KPI query is checked several times on its way.
 */
export function isTimeZone(value: string): boolean {
  canonical ??= new Set([...Intl.supportedValuesOf('timeZone'), 'UTC', 'Etc/UTC']);
  if (canonical.has(value) || otherAccepted.has(value)) return true;
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    otherAccepted.add(value);
    return true;
  } catch {
    return false;
  }
}
