import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import ICAL from 'ical.js';
import { localToUtc } from '../../core/local-time.js';
import type { ScheduleActivity } from '../../core/schema.js';
import { instantRangeProblem } from '../../core/time-range.js';
import { isTimeZone } from '../../core/time-zone.js';
import type { ConvertContext, SourceFormat } from './format.js';
import { utcTimestamp } from './writer.js';

/**
 * iCalendar (`.ics`) files, as Google Calendar, Outlook and WFM tools export them: each event (and
 * each occurrence of a recurring one) becomes a `schedules` block of one agent. Parsing, time-zone
 * definitions and recurrence rules are ical.js's; which agent and which activity are decided here.
 *
 * A recurring event is expanded over a window around the import day: from
 * RECURRENCE_HISTORY_YEARS before it (or DTSTART, if later) to RECURRENCE_HORIZON_WEEKS after it
 * (or the rule's end, if sooner). Older occurrences are passed over, never written: a daily shift
 * that started in 2010 gives its current weeks, not its first years. An event is written whole or
 * not at all: a rule ical.js cannot expand refuses the event (field RRULE), like any other bad event.
 */

/** Recurring events are expanded up to this long after the import day (or the rule's end, if sooner). */
export const RECURRENCE_HORIZON_WEEKS = 26;
/** …and from this many years before the import day (or DTSTART, if later). */
export const RECURRENCE_HISTORY_YEARS = 2;
/** A rule giving more occurrences than this in the window keeps the latest, with a warning. */
export const MAX_OCCURRENCES_PER_EVENT = 5_000;
/** A rule stepping through more occurrences than this from DTSTART (a minutely rule, years back) is refused. */
export const MAX_STEPS_PER_EVENT = 50_000;
/** The recurring events of one file may give this many occurrences in all; past it they are refused. */
export const MAX_OCCURRENCES_PER_FILE = 200_000;
const WEEK_MS = 7 * 86_400_000;
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * Words of CATEGORIES or SUMMARY and the activity they name, in order of precedence: an event
 * called "chat training" is training, "phone meeting" a meeting, "sick leave" an absence.
 */
const ACTIVITY_WORDS: readonly (readonly [ScheduleActivity, readonly string[]])[] = [
  [
    'absence',
    ['vacation', 'holiday', 'leave', 'sick', 'ooo', 'absent', 'absence', 'vakantie', 'ziek', 'verlof'],
  ],
  ['training', ['training', 'course', 'cursus', 'coaching']],
  ['meeting', ['meeting', '1:1', 'overleg', 'standup', 'stand-up']],
  ['break', ['break', 'lunch', 'pauze', 'pause']],
  ['phone', ['phone', 'phones', 'call', 'calls', 'telefoon', 'telephone', 'voice']],
  ['chat', ['chat', 'chats', 'messaging', 'livechat']],
  ['email', ['e-mail', 'email', 'emails', 'mail', 'inbox', 'tickets']],
  ['social', ['social']],
];

/** The words of a text, lower case; `1:1` and `e-mail` stay whole. */
function wordsOf(text: string): string[] {
  return text.toLowerCase().match(/1:1|e-mail|stand-up|[\p{L}\p{N}]+/gu) ?? [];
}

/** The activity the words name, or null when none of them does. */
export function activityOfWords(text: string): ScheduleActivity | null {
  const words = new Set(wordsOf(text));
  for (const [activity, names] of ACTIVITY_WORDS) {
    if (names.some((name) => words.has(name))) return activity;
  }
  return null;
}

/** The line of every `BEGIN:VEVENT` of a file, in the order ical.js lists the events. */
function eventLines(text: string): number[] {
  const lines: number[] = [];
  text.split(/\r\n|\n|\r/).forEach((line, index) => {
    if (/^BEGIN:VEVENT\s*$/i.test(line)) lines.push(index + 1);
  });
  return lines;
}

/**
 * Where the wall-clock times of a property are: UTC, an IANA zone (times without a zone are in the
 * calendar's), or a zone only the file's VTIMEZONE defines (Outlook's 'W. Europe Standard Time').
 */
type Zone = { kind: 'utc' } | { kind: 'iana'; name: string } | { kind: 'defined' };

class Refused extends Error {
  constructor(
    readonly field: string,
    reason: string,
  ) {
    super(reason);
  }
}

function zoneOf(property: ICAL.Property, time: ICAL.Time, calendarZone: string): Zone {
  if (time.zone?.tzid === 'UTC') return { kind: 'utc' };
  const tzid = property.getParameter('tzid');
  const named = typeof tzid === 'string' ? tzid : Array.isArray(tzid) ? tzid[0] : undefined;
  if (named === undefined) return { kind: 'iana', name: calendarZone };
  // An IANA name is converted by the runtime's time-zone data, newer than a file's own copy of the rules.
  if (isTimeZone(named)) return { kind: 'iana', name: named };
  if (time.zone && time.zone.tzid !== 'floating' && time.zone.component) return { kind: 'defined' };
  throw new Refused(
    property.name.toUpperCase(),
    `time zone '${named}' is neither an IANA zone nor defined by a VTIMEZONE in the file`,
  );
}

/** Wall-clock times in UTC milliseconds, each zone's conversion made once. */
class Clock {
  private readonly converters = new Map<string, (localMs: number) => number>();

  utcMs(time: ICAL.Time, zone: Zone): number {
    if (zone.kind === 'defined') return time.toUnixTime() * 1000;
    const local = Date.UTC(time.year, time.month - 1, time.day, time.hour, time.minute, time.second);
    if (zone.kind === 'utc') return local;
    let convert = this.converters.get(zone.name);
    if (!convert) {
      convert = localToUtc(zone.name);
      this.converters.set(zone.name, convert);
    }
    return convert(local);
  }
}

function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.filter((v) => typeof v === 'string').join(', ');
  return '';
}

function categoriesOf(event: ICAL.Component): string[] {
  return event.getAllProperties('categories').flatMap((p) => p.getValues().map((v) => textOf(v)));
}

/** The e-mail addresses of the event's attendees (`mailto:` removed). */
function attendeeEmails(event: ICAL.Component): string[] {
  return event
    .getAllProperties('attendee')
    .map((p) =>
      textOf(p.getFirstValue())
        .replace(/^mailto:/i, '')
        .trim(),
    )
    .filter((email) => email !== '');
}

const freeTime = (event: ICAL.Component) =>
  textOf(event.getFirstPropertyValue('transp')).toUpperCase() === 'TRANSPARENT';
const cancelled = (event: ICAL.Component) =>
  textOf(event.getFirstPropertyValue('status')).toUpperCase() === 'CANCELLED';
const isBusy = (event: ICAL.Component) => !freeTime(event) && !cancelled(event);

interface FileState {
  fileName: string;
  /** The file name without `.ics`: the agent of a calendar exported per person, when it is one. */
  fileAgent: string | null | undefined;
  calendarZone: string;
  calendarAgent: string | null;
}

/**
 * The agents of an event: X-SERVICEMETER-AGENT (on the event, else on the calendar), else every
 * attendee whose e-mail is a stored agent's, else the agent the file is named after.
 */
async function agentsOf(event: ICAL.Component, file: FileState, context: ConvertContext): Promise<string[]> {
  const explicit = textOf(event.getFirstPropertyValue('x-servicemeter-agent')).trim() || file.calendarAgent;
  if (explicit) return [explicit];
  const emails = attendeeEmails(event);
  const found: string[] = [];
  if (context.knownAgent) {
    for (const email of emails) {
      const agent = await context.knownAgent(email);
      if (agent !== null && !found.includes(agent)) found.push(agent);
    }
  }
  if (found.length > 0) return found;
  if (file.fileAgent === undefined) {
    const stem = file.fileName.replace(/\.ics$/i, '');
    file.fileAgent = context.knownAgent ? await context.knownAgent(stem) : null;
  }
  if (file.fileAgent) return [file.fileAgent];
  throw new Refused(
    emails.length > 0 ? 'ATTENDEE' : 'X-SERVICEMETER-AGENT',
    emails.length > 0
      ? `no agent has the e-mail address ${emails.join(', ')}, no X-SERVICEMETER-AGENT names one, and the file name '${file.fileName}' is no agent id`
      : `no agent: the event has neither X-SERVICEMETER-AGENT nor an ATTENDEE, and the file name '${file.fileName}' is no agent id`,
  );
}

/** The activity of an event (or of the exception that replaces one of its occurrences). */
function activityOf(
  event: ICAL.Component,
): { activity: ScheduleActivity; field: string; words: string } | null {
  for (const category of categoriesOf(event)) {
    const activity = activityOfWords(category);
    if (activity !== null) return { activity, field: 'CATEGORIES', words: category };
  }
  const summary = textOf(event.getFirstPropertyValue('summary'));
  const activity = activityOfWords(summary);
  if (activity !== null) return { activity, field: 'SUMMARY', words: summary };
  return null;
}

interface Occurrence {
  /** The original start of the occurrence (its RECURRENCE-ID), which names it. */
  id: ICAL.Time;
  start: ICAL.Time;
  end: ICAL.Time;
  item: ICAL.Event;
}

/** The import's window for recurring events, in UTC milliseconds. */
interface Window {
  fromMs: number;
  toMs: number;
}

/** ical.js's own errors while expanding a rule (an impossible rule, a malformed part) refuse the event. */
function expanding<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof Refused) throw error;
    throw new Refused(
      'RRULE',
      `the recurrence cannot be expanded: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

/**
 * The occurrences of an event: itself, or those of its rule in the window, with EXDATEs left out
 * and moved occurrences (RECURRENCE-ID) taken from their exceptions. ical.js steps through a rule
 * from its DTSTART; the occurrences before the window are passed over.
 */
function occurrencesOf(
  event: ICAL.Event,
  window: Window,
  zone: Zone,
  clock: Clock,
  warnCut: () => void,
): Occurrence[] {
  if (!event.isRecurring()) {
    return [{ id: event.startDate, start: event.startDate, end: event.endDate, item: event }];
  }
  const times: ICAL.Time[] = [];
  const iterator = expanding(() => event.iterator());
  let steps = 0;
  for (let next = expanding(() => iterator.next()); next; next = expanding(() => iterator.next())) {
    const ms = clock.utcMs(next, zone);
    if (ms > window.toMs) break;
    if (++steps > MAX_STEPS_PER_EVENT)
      throw new Refused(
        'RRULE',
        `the rule repeats too often: more than ${MAX_STEPS_PER_EVENT} occurrences from DTSTART to ${dayOf(window.toMs)}`,
      );
    if (ms >= window.fromMs) times.push(next.clone());
  }
  if (times.length > MAX_OCCURRENCES_PER_EVENT) warnCut();
  return times.slice(-MAX_OCCURRENCES_PER_EVENT).map((time) => {
    const details = expanding(() => event.getOccurrenceDetails(time));
    return { id: details.recurrenceId, start: details.startDate, end: details.endDate, item: details.item };
  });
}

async function convertFile(
  path: string,
  context: ConvertContext,
  window: Window,
  maxOccurrencesPerFile: number,
): Promise<void> {
  const fileName = basename(path);
  const text = (await readFile(path, 'utf8')).replace(/^\uFEFF/, '');
  const reject = (line: number, field: string, reason: string, record: string) =>
    context.reject({ file: path, line, column: field, reason }, record);
  let calendars: ICAL.Component[];
  try {
    const parsed = ICAL.parse(text);
    const list = (Array.isArray(parsed[0]) ? parsed : [parsed]) as unknown[];
    calendars = list.map((jcal) => new ICAL.Component(jcal as never));
  } catch (error) {
    reject(1, '(file)', `not an iCalendar file: ${(error as Error).message}`, text.slice(0, 200));
    return;
  }
  const lines = eventLines(text);
  const vevents = calendars.flatMap((calendar) =>
    calendar.getAllSubcomponents('vevent').map((e) => ({ calendar, e })),
  );
  if (vevents.length === 0) {
    reject(1, 'VEVENT', 'the file holds no event (no BEGIN:VEVENT)', text.slice(0, 200));
    return;
  }
  const clock = new Clock();
  /** The occurrences the file's recurring events have given so far. */
  let recurringOccurrences = 0;
  const lineOf = new Map(vevents.map(({ e }, index) => [e, lines[index] ?? 1]));
  // Exceptions (RECURRENCE-ID) belong to the recurring event of their UID; one without it stands alone.
  const events = new Map<ICAL.Component, ICAL.Event>();
  const mastersByUid = new Map<string, ICAL.Event>();
  for (const { e } of vevents) {
    if (e.hasProperty('recurrence-id')) continue;
    const event = new ICAL.Event(e);
    events.set(e, event);
    mastersByUid.set(textOf(e.getFirstPropertyValue('uid')), event);
  }
  const related = new Set<ICAL.Component>();
  for (const { e } of vevents) {
    if (!e.hasProperty('recurrence-id')) continue;
    const master = mastersByUid.get(textOf(e.getFirstPropertyValue('uid')));
    if (master) {
      master.relateException(e);
      related.add(e);
    } else events.set(e, new ICAL.Event(e));
  }
  const files = new Map<ICAL.Component, FileState>();
  const stateOf = (calendar: ICAL.Component): FileState => {
    let state = files.get(calendar);
    if (!state) {
      const wrZone = textOf(calendar.getFirstPropertyValue('x-wr-timezone'));
      state = {
        fileName,
        fileAgent: undefined,
        calendarZone: wrZone !== '' && isTimeZone(wrZone) ? wrZone : context.timezone,
        calendarAgent: textOf(calendar.getFirstPropertyValue('x-servicemeter-agent')).trim() || null,
      };
      files.set(calendar, state);
    }
    return state;
  };
  for (const { calendar, e } of vevents) {
    if (related.has(e)) continue;
    const line = lineOf.get(e) ?? 1;
    const record = e.toString();
    try {
      await convertEvent(e, line, stateOf(calendar));
    } catch (error) {
      if (!(error instanceof Refused)) throw error;
      reject(line, error.field, error.message, record);
    }
  }

  /**
   * An occurrence's start and end in UTC. A recurring event's occurrences keep DTSTART's wall clock
   * and its wall-clock length (ical.js adds the length to the wall clock), so a 09:00–17:00 shift
   * stays one across a DST change; a single event or a moved occurrence has its own DTSTART and DTEND.
   */
  function spanOf(
    occurrence: Occurrence,
    master: ICAL.Event,
    file: FileState,
  ): { startMs: number; endMs: number } {
    const item = occurrence.item.component;
    const startProperty = item.getFirstProperty('dtstart');
    if (!startProperty) throw new Refused('DTSTART', 'the event has no start');
    const startZone = zoneOf(startProperty, occurrence.start, file.calendarZone);
    const startMs = clock.utcMs(occurrence.start, startZone);
    const ownTimes = !master.isRecurring() || occurrence.item !== master;
    const endProperty = item.getFirstProperty('dtend');
    const endZone =
      ownTimes && endProperty ? zoneOf(endProperty, occurrence.item.endDate, file.calendarZone) : startZone;
    const end = ownTimes ? occurrence.item.endDate : occurrence.end;
    return { startMs, endMs: clock.utcMs(end, endZone) };
  }

  async function convertEvent(component: ICAL.Component, line: number, file: FileState): Promise<void> {
    const uid = textOf(component.getFirstPropertyValue('uid')).trim();
    if (uid === '') throw new Refused('UID', 'the event has no UID, which names it on the next import');
    if (freeTime(component)) {
      context.warn(
        fileName,
        'event marked free time (TRANSP:TRANSPARENT): not a schedule block, skipped',
        `line ${line}`,
      );
      return;
    }
    if (cancelled(component)) {
      context.warn(fileName, 'cancelled event (STATUS:CANCELLED): skipped', `line ${line}`);
      return;
    }
    const startProperty = component.getFirstProperty('dtstart');
    const start = startProperty?.getFirstValue();
    if (!startProperty || !(start instanceof ICAL.Time))
      throw new Refused('DTSTART', 'the event has no start');
    const event = events.get(component) ?? new ICAL.Event(component);
    const startZone = zoneOf(startProperty, start, file.calendarZone);
    const allDay = start.isDate;
    if (!allDay && !component.hasProperty('dtend') && !component.hasProperty('duration'))
      throw new Refused('DTEND', 'the event has no end (DTEND or DURATION)');
    const agents = await agentsOf(component, file, context);
    let cut = false;
    const occurrences = occurrencesOf(event, window, startZone, clock, () => {
      cut = true;
    });
    if (event.isRecurring()) {
      if (recurringOccurrences + occurrences.length > maxOccurrencesPerFile) {
        recurringOccurrences = maxOccurrencesPerFile + 1;
        throw new Refused(
          'RRULE',
          `the recurring events of ${fileName} give more than ${maxOccurrencesPerFile} occurrences from ${dayOf(window.fromMs)} to ${dayOf(window.toMs)}: this one and those after it are refused; split the calendar`,
        );
      }
      recurringOccurrences += occurrences.length;
    }
    // Written only when every occurrence passes: a refused event leaves nothing behind.
    const rows: Record<string, string | null>[] = [];
    for (const occurrence of occurrences) {
      const item = occurrence.item.component;
      // A moved occurrence may itself be cancelled or made free time.
      if (item !== component && !isBusy(item)) continue;
      const found = activityOf(item);
      const words = textOf(item.getFirstPropertyValue('summary')).trim();
      if (allDay && found?.activity !== 'absence') {
        throw new Refused(
          found?.field ?? 'SUMMARY',
          `all-day event '${words}' is ambiguous: only an absence (vacation, holiday, leave, sick, …) may last whole days; give it times`,
        );
      }
      const activity = found?.activity ?? 'other_work';
      const { startMs, endMs } = spanOf(occurrence, event, file);
      const outside = instantRangeProblem(startMs) ?? instantRangeProblem(endMs);
      if (outside !== null) throw new Refused('DTSTART', `the event's time ${outside}`);
      if (endMs <= startMs)
        throw new Refused(
          item.hasProperty('dtend') ? 'DTEND' : 'DURATION',
          'the event ends when or before it starts',
        );
      const idMs = clock.utcMs(occurrence.id, startZone);
      const note = words === '' ? null : words;
      for (const agent of agents) {
        rows.push({
          source: context.source,
          external_id: `${uid}|${utcTimestamp(idMs)}|${agent}`,
          agent_id: agent,
          starts_at: utcTimestamp(startMs),
          ends_at: utcTimestamp(endMs),
          activity,
          note,
        });
      }
    }
    if (cut)
      context.warn(
        fileName,
        `recurring event with more than ${MAX_OCCURRENCES_PER_EVENT} occurrences from ${dayOf(window.fromMs)} to ${dayOf(window.toMs)}: the earliest ones are left out`,
        `line ${line}`,
      );
    for (const row of rows) context.out.write('schedules', row);
  }
}

/** The format, with a smaller per-file limit for tests. */
export function icalendarFormat({ maxOccurrencesPerFile = MAX_OCCURRENCES_PER_FILE } = {}): SourceFormat {
  return { ...icalendar, convert: (paths, context) => convertAll(paths, context, maxOccurrencesPerFile) };
}

async function convertAll(
  paths: readonly string[],
  context: ConvertContext,
  maxOccurrencesPerFile: number,
): Promise<void> {
  const now = new Date();
  const window: Window = {
    fromMs: Date.UTC(now.getUTCFullYear() - RECURRENCE_HISTORY_YEARS, now.getUTCMonth(), now.getUTCDate()),
    toMs: now.getTime() + RECURRENCE_HORIZON_WEEKS * WEEK_MS,
  };
  for (const path of paths) {
    await convertFile(path, context, window, maxOccurrencesPerFile);
    await context.out.flush();
  }
}

export const icalendar: SourceFormat = {
  name: 'icalendar',
  summary:
    'iCalendar (.ics) files from Google Calendar, Outlook or a WFM tool: agents’ shifts, breaks, training and absence',
  mapping: 'none',

  detect({ head }) {
    if (!/^BEGIN:VCALENDAR\s*$/im.test(head.slice(0, 2048))) return null;
    const events = (head.match(/^BEGIN:VEVENT\s*$/gim) ?? []).length;
    const more = head.length >= 65536 ? ' or more' : '';
    return `iCalendar: agents' schedule blocks (${events}${more} events; recurring ones expanded)`;
  },

  convert: (paths, context) => convertAll(paths, context, MAX_OCCURRENCES_PER_FILE),
};
