import { utcOffsetSegments } from './kpi/periods.js';

/**
 * A stretch of local wall-clock time (epoch milliseconds of the wall clock read as UTC) and how it
 * becomes UTC: minus an offset, or — inside a spring-forward gap, where no such clock time exists —
 * the instant of the clock change. Pieces are in order; the last one has no end.
 */
export type LocalPiece =
  | { untilLocalMs: number | null; offsetMs: number }
  | { untilLocalMs: number; instantMs: number };

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

function naive(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

/**
 * How the local times of `zone` between two wall clocks become UTC. A time that occurs twice (the
 * autumn change) takes the earlier instant; one that does not exist (the spring change) moves
 * forward to the clock change — the rule of the business-hours calendars and the Freshdesk reader.
 */
export function localPieces(zone: string, fromLocalMs: number, toLocalMs: number): LocalPiece[] {
  const segments = utcOffsetSegments(zone, naive(fromLocalMs - DAY_MS), naive(toLocalMs + DAY_MS));
  const pieces: LocalPiece[] = [];
  segments.forEach((segment, k) => {
    const before = segment.offsetSeconds * 1000;
    const next = segments[k + 1];
    if (segment.untilUtc === null || next === undefined) {
      pieces.push({ untilLocalMs: null, offsetMs: before });
      return;
    }
    const change = Date.parse(`${segment.untilUtc.replace(' ', 'T')}Z`);
    const after = next.offsetSeconds * 1000;
    pieces.push({ untilLocalMs: change + before, offsetMs: before });
    if (after > before) pieces.push({ untilLocalMs: change + after, instantMs: change });
  });
  return pieces;
}

function pieceAt(pieces: readonly LocalPiece[], localMs: number): LocalPiece {
  let lo = 0;
  let hi = pieces.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const until = (pieces[mid] as LocalPiece).untilLocalMs;
    if (until !== null && localMs >= until) lo = mid + 1;
    else hi = mid;
  }
  return pieces[lo] as LocalPiece;
}

function applyPiece(piece: LocalPiece, localMs: number): number {
  return 'instantMs' in piece ? piece.instantMs : localMs - piece.offsetMs;
}

const YEAR_MS = 366 * DAY_MS;

/**
 * Local wall-clock milliseconds of `zone` to UTC milliseconds, by the rule of `localPieces`.
 * Converters call it for every time of every row: the pieces are computed once per year of data and
 * the offset is cached per local hour that lies wholly inside one piece.
 */
export function localToUtc(zone: string): (localMs: number) => number {
  if (zone === 'UTC' || zone === 'Etc/UTC') return (localMs) => localMs;
  const years = new Map<number, LocalPiece[]>();
  const hours = new Map<number, number | null>();
  const piecesFor = (localMs: number) => {
    const year = Math.floor(localMs / YEAR_MS);
    let pieces = years.get(year);
    if (!pieces) {
      pieces = localPieces(zone, year * YEAR_MS, (year + 1) * YEAR_MS);
      years.set(year, pieces);
    }
    return pieces;
  };
  return (localMs) => {
    const hour = Math.floor(localMs / HOUR_MS);
    const cached = hours.get(hour);
    if (cached !== undefined && cached !== null) return localMs - cached;
    const pieces = piecesFor(localMs);
    const piece = pieceAt(pieces, localMs);
    if (cached === undefined) {
      // Both ends of the hour in pieces with one offset: no zone changes twice within an hour.
      const start = pieceAt(pieces, hour * HOUR_MS);
      const last = hour * HOUR_MS + HOUR_MS - 1;
      const end = pieceAt(piecesFor(last), last);
      const whole = 'offsetMs' in start && 'offsetMs' in end && start.offsetMs === end.offsetMs;
      hours.set(hour, whole ? start.offsetMs : null);
    }
    return applyPiece(piece, localMs);
  };
}
