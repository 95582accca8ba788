/**
 * Business-hours calendars, teams, thresholds and KPI targets as the settings page edits them. Shared
 * pieces are in ../schemas.ts.
 */
import { z } from '@hono/zod-openapi';
import { TARGET_METRICS } from '../../core/schema.js';
import { Channel, calendarDate, Hours, KpiTarget, RebuildSummary, timezone } from '../schemas.js';

const clock = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$|^24:00(:00)?$/, 'expected HH:MM')
  .openapi({ example: '09:00' });

export const CalendarInterval = z
  .object({
    weekday: z.number().int().min(1).max(7).openapi({ description: '1 = Monday … 7 = Sunday' }),
    start: clock,
    /** An end at or before the start runs overnight into the next day; 24:00 is midnight. */
    end: clock,
  })
  .openapi('CalendarInterval');

export const CalendarHoliday = z
  .object({ date: calendarDate, name: z.string().nullable() })
  .openapi('CalendarHoliday');

export const Calendar = z
  .object({
    id: z.string().min(1).max(100),
    name: z.string().nullable(),
    timezone,
    isDefault: z.boolean(),
    intervals: z.array(CalendarInterval),
    holidays: z.array(CalendarHoliday),
  })
  .openapi('Calendar');
export type Calendar = z.infer<typeof Calendar>;

export const CalendarInput = Calendar.omit({ id: true }).openapi('CalendarInput');
export type CalendarInput = z.infer<typeof CalendarInput>;

export const Team = z
  .object({ id: z.string(), name: z.string().nullable(), calendarId: z.string().nullable() })
  .openapi('Team');
export type Team = z.infer<typeof Team>;

export const TeamUpdate = z.object({ calendarId: z.string().nullable() }).openapi('TeamUpdate');

const THRESHOLD_MAX_SECONDS = 365 * 86_400;

export const Threshold = z
  .object({
    metric: z.enum(TARGET_METRICS),
    channel: Channel,
    teamId: z.string().nullable(),
    /** A year at most: no service target is longer, and a huge number cannot be stored as given. */
    seconds: z.number().min(0).max(THRESHOLD_MAX_SECONDS, `at most ${THRESHOLD_MAX_SECONDS} (a year)`),
    hours: Hours.nullable(),
  })
  .openapi('Threshold', {
    description:
      'A per-contact threshold of the facts (the canonical targets table), in seconds: the first-response deadline that decides frt_within_target, the service-level answer time, the short-abandon limit',
  });
export type Threshold = z.infer<typeof Threshold>;

export const Settings = z
  .object({
    calendars: z.array(Calendar),
    teams: z.array(Team),
    thresholds: z.array(Threshold),
    targets: z.array(KpiTarget),
    /** Thresholds used where no row says otherwise. */
    defaults: z.object({
      frt: z.record(z.string(), z.number().nullable()),
      serviceLevel: z.record(z.string(), z.number().nullable()),
      shortAbandon: z.number(),
    }),
  })
  .openapi('Settings');
export type Settings = z.infer<typeof Settings>;

export const SettingsChange = z
  .object({ settings: Settings, rebuild: RebuildSummary.nullable() })
  .openapi('SettingsChange', {
    description: 'The settings after the change, and the facts rebuild it caused',
  });
export type SettingsChange = z.infer<typeof SettingsChange>;

export const ThresholdsUpdate = z.object({ thresholds: z.array(Threshold) }).openapi('ThresholdsUpdate');
export const TargetsUpdate = z.object({ targets: z.array(KpiTarget) }).openapi('TargetsUpdate');
