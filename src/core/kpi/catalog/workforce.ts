import { count, defineKpi, type KpiDefinition, ratio, total } from '../define.js';
import { col, isNotNull, isTrue } from '../expr.js';

/**
 * The team's time: indicators over the workforce facts (src/services/workforce/facts.ts, rules in
 * src/core/workforce/time-facts.ts). Each row of those facts is a piece of time `minutes` long
 * within a 15-minute interval, so the shares are minutes over minutes.
 */
export const WORKFORCE_KPIS: readonly KpiDefinition[] = [
  defineKpi({
    id: 'availability',
    label: 'Availability',
    definition:
      'Opening-hours minutes in which at least as many agents were available for a channel as were scheduled on it ÷ opening-hours minutes with at least one agent scheduled on the channel, per team and channel. An agent is available for a channel when logged in for it, not paused, and scheduled on it (or unscheduled and logged in for that channel alone). Minutes outside the team calendar’s opening hours (holidays included) and minutes with nobody scheduled are left out. Placed in the period of the 15-minute interval the minutes fall in.',
    source: 'workforce_coverage_facts',
    timeColumn: 'interval_start',
    value: ratio(total('minutes', isTrue('covered')), total('minutes')),
    format: 'percent',
    better: 'higher',
    options: '--by channel, team.',
  }),
  defineKpi({
    id: 'adherence',
    label: 'Schedule adherence',
    definition:
      'Scheduled minutes spent in the scheduled state ÷ scheduled minutes: on a contact activity (phone, chat, e-mail, social) while available, or on any other activity (break, training, meeting, other work, absence) while not available. Unscheduled time is left out. Placed in the period of the 15-minute interval the minutes fall in; credited to the agent.',
    source: 'workforce_agent_facts',
    timeColumn: 'interval_start',
    where: isTrue('scheduled'),
    value: ratio(total('minutes', isTrue('adhered')), total('minutes')),
    format: 'percent',
    better: 'higher',
  }),
  defineKpi({
    id: 'conformance',
    label: 'Schedule conformance',
    definition:
      'Minutes available (logged in and not paused, scheduled or not) ÷ minutes scheduled on contact activities: whether the agents worked as many hours as planned, whenever they worked them. Above 100 % when they were available longer than scheduled (then without an interval). Placed in the period of the 15-minute interval the minutes fall in; credited to the agent.',
    source: 'workforce_agent_facts',
    timeColumn: 'interval_start',
    value: ratio(total('minutes', isTrue('available')), total('minutes', isTrue('on_contacts'))),
    format: 'percent',
    better: 'neutral',
  }),
  defineKpi({
    id: 'occupancy',
    label: 'Occupancy',
    definition:
      'Minutes handling contacts ÷ minutes available. Handling is a call or chat from its answer to its end, after-contact work, and a set time (the workforce setting writtenReplyMinutes, 5 by default) before each public reply on an e-mail, social or web-form contact. Time paused or logged out is left out. Neither high nor low is good by itself: high occupancy makes queues long and agents tired. Placed in the period of the 15-minute interval the minutes fall in; credited to the agent.',
    source: 'workforce_agent_facts',
    timeColumn: 'interval_start',
    where: isTrue('available'),
    value: ratio(total('minutes', isTrue('handling')), total('minutes')),
    format: 'percent',
    better: 'neutral',
  }),
  defineKpi({
    id: 'utilisation',
    label: 'Utilisation',
    definition:
      'Scheduled (paid) minutes handling contacts ÷ scheduled minutes, breaks, training, meetings and absence included: how much of the paid time went to contacts. Handling as for occupancy; unscheduled time is left out. Placed in the period of the 15-minute interval the minutes fall in; credited to the agent.',
    source: 'workforce_agent_facts',
    timeColumn: 'interval_start',
    where: isTrue('paid'),
    value: ratio(total('minutes', isTrue('handling')), total('minutes')),
    format: 'percent',
    better: 'neutral',
  }),
  defineKpi({
    id: 'shrinkage',
    label: 'Shrinkage',
    definition:
      'Scheduled (paid) minutes not available for contacts ÷ scheduled minutes. The reasons: the scheduled activity when it is not a contact activity (break, training, meeting, other_work, absence), unplanned_pause (paused while scheduled on contacts) and not_logged_in (logged out while scheduled on contacts). Grouped by shrinkage_reason each reason’s n is its minutes (and its value 100 %): a reason’s share of the scheduled time is its n ÷ the n of the whole. Unscheduled time is left out. Placed in the period of the 15-minute interval the minutes fall in; credited to the agent.',
    source: 'workforce_agent_facts',
    timeColumn: 'interval_start',
    where: isTrue('scheduled'),
    value: ratio(total('minutes', isNotNull(col('shrinkage_reason'))), total('minutes')),
    format: 'percent',
    better: 'lower',
    options: '--by shrinkage_reason: the minutes of each reason (n).',
  }),
  defineKpi({
    id: 'late_starts',
    label: 'Late starts',
    definition:
      'Shifts whose agent was first available for the shift’s channel more than the grace period (the workforce setting graceMinutes, 5 by default) after the shift’s start, or not at all ÷ shifts. A shift is the agent’s blocks other than absence less than 60 minutes apart, starting with its first block on a contact activity; availability from 60 minutes before the start counts as on time. Shifts whose start plus the grace period is still to come are left out. Placed in the period of the shift’s start; credited to the agent.',
    source: 'workforce_shift_facts',
    timeColumn: 'shift_start',
    value: ratio(count(isTrue('late')), count()),
    format: 'percent',
    better: 'lower',
  }),
  defineKpi({
    id: 'late_start_minutes',
    label: 'Minutes started late',
    definition:
      'Minutes from the start of each late shift to the agent’s first availability for its channel, added up; shifts on time count 0, and so do shifts missed altogether (late_starts counts those). Placed in the period of the shift’s start; credited to the agent.',
    source: 'workforce_shift_facts',
    timeColumn: 'shift_start',
    value: total('late_minutes'),
    format: 'count',
    better: 'lower',
  }),
];
