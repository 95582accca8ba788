import { InvalidArgumentError, Option } from 'commander';
import { durationSetting, settingSeconds } from '../ingest/sources/plausibility.js';
import { proxyList } from '../server/proxies.js';

const DEFAULT_DB = './servicemeter.duckdb';

export function dbOption() {
  return new Option(
    '--db <file>',
    'the database: a DuckDB file, or a PostgreSQL database as postgres://user@host:5432/name (its password best in PGPASSWORD: the process list shows options)',
  ).default(DEFAULT_DB);
}

export function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a whole number of at least 1');
  return n;
}

/** `7d`, `36h`, `90min`, `1.5h`, `600s` in seconds, read as the mapping's durations are. */
export function duration(value: string): number {
  const parsed = durationSetting.safeParse(value.trim());
  const seconds = parsed.success ? settingSeconds(parsed.data) : 0;
  if (seconds < 1) throw new InvalidArgumentError('expected a duration such as 7d, 36h or 90min');
  return seconds;
}

/** `--trust-proxy 10.0.0.2,fd00::/8`: each an IP address or a CIDR range. */
export function proxyAddresses(value: string): string[] {
  const entries = list(value);
  if (entries.length === 0)
    throw new InvalidArgumentError('expected IP addresses or CIDR ranges, comma-separated');
  const parsed = proxyList(entries);
  if (!parsed.ok) throw new InvalidArgumentError(`'${parsed.entry}' is not an IP address or CIDR range`);
  return entries;
}

export function list(value: string): string[] {
  return value
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v !== '');
}

export function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65_535)
    throw new InvalidArgumentError('expected a port, 0 to 65535');
  return n;
}

const BYTE_UNITS: Record<string, number> = {
  '': 1,
  b: 1,
  kb: 1024,
  mb: 1024 ** 2,
  gb: 1024 ** 3,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
};

/** `500MB`, `2GB`, `1.5GiB`, `1048576`: a size in bytes (KB, MB, GB count in 1024s, as the limits are told). */
export function byteSize(value: string): number {
  const parsed = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(value);
  const unit = BYTE_UNITS[(parsed?.[2] ?? 'x').toLowerCase()];
  const bytes = parsed && unit ? Math.floor(Number(parsed[1]) * unit) : 0;
  if (bytes < 1) throw new InvalidArgumentError('expected a size such as 500MB or 2GB');
  return bytes;
}
