import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { localToUtc } from '../../core/local-time.js';
import type { Channel, Status } from '../../core/schema.js';
import { instantRangeProblem } from '../../core/time-range.js';
import { messageText } from '../message-text.js';
import { RecordSyntaxError, readCsvRecords, textProblem } from '../records.js';
import type { SourceFormat } from './format.js';
import { utcTimestamp } from './writer.js';

/**
 * The Freshdesk ticket export (Tickets → Export, CSV): one row per ticket with its creation, first
 * response, resolution and closing times, written in the account's time zone without an offset
 * (read in --timezone). Each row becomes a contact and the events those times imply; the survey
 * answer becomes a CSAT row. Freshdesk's own hour columns are not imported (see the docs); its
 * resolution SLA verdict is kept as the source's own flag.
 */

const REQUIRED = ['Ticket ID', 'Status', 'Created time'] as const;

const TIME_COLUMNS = [
  'Created time',
  'Initial response time',
  'Resolved time',
  'Closed time',
  'Last update time',
] as const;

/** Every column a row is read from: a control character in any of them refuses the row there. */
const READ_COLUMNS = [
  ...REQUIRED,
  ...TIME_COLUMNS,
  'Source',
  'Priority',
  'Survey results',
  'Resolution status',
  'Agent',
  'Contact ID',
  'Email',
  'Group',
  'Type',
  'Tags',
  'Subject',
] as const;
type ReadColumn = (typeof READ_COLUMNS)[number];

const CHANNELS: Record<string, Channel> = {
  email: 'email',
  'outbound email': 'email',
  portal: 'web_form',
  'feedback widget': 'web_form',
  'feedback form': 'web_form',
  forum: 'web_form',
  mobihelp: 'web_form',
  phone: 'phone',
  chat: 'chat',
  bot: 'chat',
  twitter: 'social',
  facebook: 'social',
  whatsapp: 'social',
  instagram: 'social',
};

const STATUSES: Record<string, Status> = {
  open: 'open',
  pending: 'pending',
  resolved: 'solved',
  closed: 'closed',
  'waiting on customer': 'pending',
  'waiting on third party': 'on_hold',
};

const PRIORITIES: Record<string, string> = { low: 'low', medium: 'normal', high: 'high', urgent: 'urgent' };

/**
 * Survey answers on one 1–7 scale, in the order of Freshdesk's own rating values (−103 … 103), so a
 * label means the same whichever survey size the account uses: every "happy" answer is above the
 * middle (4) and counts as satisfied. The classic three-answer survey has its own labels, on 1–3.
 */
const SURVEY_SCORES: Record<string, { score: number; max: number }> = {
  'extremely happy': { score: 7, max: 7 },
  'very happy': { score: 6, max: 7 },
  happy: { score: 5, max: 7 },
  neutral: { score: 4, max: 7 },
  unhappy: { score: 3, max: 7 },
  'very unhappy': { score: 2, max: 7 },
  'extremely unhappy': { score: 1, max: 7 },
  awesome: { score: 3, max: 3 },
  'just okay': { score: 2, max: 3 },
  'not good': { score: 1, max: 3 },
};

const RESOLVED: readonly Status[] = ['solved', 'closed'];
/** "Resolution status": Freshdesk's own verdict on its resolution SLA, kept as `source_sla_met`. */
const SLA_STATUSES: Record<string, boolean | null> = { 'within sla': true, 'sla violated': false, '': null };

const zones = new Map<string, (localMs: number) => number>();

/**
 * A local `YYYY-MM-DD HH:MM:SS` in `zone` as epoch ms; null when it is not one. A time that occurs
 * twice (autumn) takes the earlier instant; one that does not exist (spring) moves forward to the
 * clock change, as the business-hours calendars do (`localToUtc`).
 */
export function localTimeToMs(text: string, zone: string): number | null {
  if (!/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}(:\d{2})?$/.test(text)) return null;
  const wall = Date.parse(`${text.replace(' ', 'T')}Z`);
  const check = new Date(wall);
  if (Number.isNaN(wall) || check.toISOString().slice(0, text.length).replace('T', ' ') !== text) return null;
  let toUtc = zones.get(zone);
  if (!toUtc) {
    toUtc = localToUtc(zone);
    zones.set(zone, toUtc);
  }
  return toUtc(wall);
}

function tagsOf(text: string): string | null {
  const tags = text
    .split(',')
    .map((t) => t.trim())
    .filter((t) => t !== '');
  return tags.length > 0 ? tags.join('|') : null;
}

export const freshdesk: SourceFormat = {
  name: 'freshdesk',
  summary:
    'Freshdesk ticket export (CSV): tickets with first response, resolution, closing and survey result',
  mapping: 'none',

  detect({ head }) {
    const header = head.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
    const hasAll = [...REQUIRED, 'Initial response time', 'Resolved time'].every(
      (name) => header.includes(`"${name}"`) || new RegExp(`(^|,)${name}(,|$)`).test(header),
    );
    return hasAll
      ? 'Freshdesk ticket export: tickets with first response, resolution and survey results'
      : null;
  },

  async convert(paths, context) {
    const { out, source, timezone } = context;
    for (const path of paths) {
      const totalBytes = (await stat(path)).size;
      const progress = { bytesRead: 0 };
      const fileName = basename(path);
      let columns: Map<string, number> | null = null;
      try {
        for await (const batch of readCsvRecords(path, ',', progress)) {
          for (const record of batch) {
            const fields = record.fields ?? [];
            if (columns === null) {
              columns = new Map(fields.map((name, index) => [name.trim(), index]));
              const missing = REQUIRED.filter((name) => !columns?.has(name));
              if (missing.length > 0) {
                context.reject(
                  {
                    file: path,
                    line: record.line,
                    column: '(header)',
                    reason: `not a Freshdesk ticket export: no column ${missing.map((m) => `"${m}"`).join(', ')}`,
                  },
                  fields.join(','),
                );
                break;
              }
              continue;
            }
            convertRow(path, fileName, record.line, fields, columns);
          }
          if (columns !== null && REQUIRED.some((name) => !columns?.has(name))) break;
          context.progress(path, progress.bytesRead, totalBytes);
          await out.flush();
        }
      } catch (error) {
        if (!(error instanceof RecordSyntaxError)) throw error;
        context.reject({ file: path, line: error.line, column: '(record)', reason: error.message }, '');
      }
    }

    function convertRow(
      file: string,
      fileName: string,
      line: number,
      fields: string[],
      columns: Map<string, number>,
    ): void {
      const value = (name: ReadColumn) => {
        const index = columns.get(name);
        return index === undefined ? '' : (fields[index] ?? '').trim();
      };
      const reject = (column: string, reason: string) =>
        context.reject({ file, line, column, reason }, fields.join(','));
      const warn = (message: string, id: string) =>
        context.warn(fileName, message, `line ${line} (ticket ${id})`);
      for (const name of READ_COLUMNS) {
        const problem = textProblem(value(name));
        if (problem !== null) {
          reject(name, problem);
          return;
        }
      }

      const id = value('Ticket ID');
      if (!/^\d+$/.test(id)) {
        reject('Ticket ID', `'${id}' is not a ticket number`);
        return;
      }
      const times: Record<string, number | null> = {};
      for (const name of TIME_COLUMNS) {
        const text = value(name);
        if (text === '') {
          times[name] = null;
          continue;
        }
        const ms = localTimeToMs(text, timezone);
        if (ms === null) {
          reject(name, `'${text}' is not a time YYYY-MM-DD HH:MM:SS (in ${timezone})`);
          return;
        }
        const outside = instantRangeProblem(ms);
        if (outside !== null) {
          reject(name, `'${text}' (in ${timezone}) ${outside}`);
          return;
        }
        times[name] = ms;
      }
      const created = times['Created time'] ?? null;
      if (created === null) {
        reject('Created time', 'a ticket needs its creation time');
        return;
      }
      const status = STATUSES[value('Status').toLowerCase()];
      if (status === undefined) {
        reject(
          'Status',
          `status '${value('Status')}' is not one of Open, Pending, Resolved, Closed, Waiting on Customer, Waiting on Third Party`,
        );
        return;
      }
      const sourceText = value('Source');
      const channel = CHANNELS[sourceText.toLowerCase()];
      if (channel === undefined) {
        reject('Source', `source '${sourceText}' is not one of ${Object.keys(CHANNELS).join(', ')}`);
        return;
      }
      const priorityText = value('Priority');
      const priority = priorityText === '' ? null : PRIORITIES[priorityText.toLowerCase()];
      if (priority === undefined) {
        reject('Priority', `priority '${priorityText}' is not Low, Medium, High or Urgent`);
        return;
      }
      const surveyText = value('Survey results');
      const survey = surveyText === '' ? null : SURVEY_SCORES[surveyText.toLowerCase()];
      if (survey === undefined) {
        reject(
          'Survey results',
          `survey answer '${surveyText}' is not one of Freshdesk's default labels (Extremely Happy … Extremely Unhappy, Awesome, Just Okay, Not Good)`,
        );
        return;
      }
      const slaText = value('Resolution status');
      const slaMet = SLA_STATUSES[slaText.toLowerCase()];
      if (slaMet === undefined)
        warn(`Resolution status '${slaText}' is neither Within SLA nor SLA Violated: left empty`, id);
      const agent = value('Agent') || null;
      const firstResponse = times['Initial response time'] ?? null;
      const resolved = times['Resolved time'] ?? null;
      const closed = times['Closed time'] ?? null;
      const updated = times['Last update time'] ?? null;

      out.write('contacts', {
        source,
        external_id: id,
        channel,
        created_at: utcTimestamp(created),
        customer_id: value('Contact ID') || value('Email') || null,
        team_id: value('Group') || null,
        assignee_id: agent,
        topic: value('Type') || null,
        tags: tagsOf(value('Tags')),
        priority,
        status,
        subject: value('Subject') || null,
        source_sla_met: slaMet ?? null,
      });
      const event = (
        suffix: string,
        kind: string,
        ms: number,
        extra: Record<string, string | boolean | null>,
      ) =>
        out.write('contact_events', {
          source,
          contact_external_id: id,
          external_id: `${id}:${suffix}`,
          kind,
          occurred_at: utcTimestamp(ms),
          ...extra,
        });
      // The export holds the ticket's first message only when "Description" is picked among its
      // fields; a control character in it is dropped rather than refusing the ticket.
      const descriptionIndex = columns.get('Description');
      const description =
        descriptionIndex === undefined ? null : messageText(fields[descriptionIndex], 'detect');
      if (sourceText.toLowerCase() === 'outbound email') {
        // Started by an agent: the first response is measured from the customer's answer, which the export lacks.
        event('created', 'agent_reply', created, { agent_id: agent, public: true, body: description });
      } else {
        event('created', 'customer_message', created, { body: description });
      }
      if (firstResponse !== null) {
        if (firstResponse < created) warn('first response before the ticket was created', id);
        event('first-response', 'agent_reply', firstResponse, { agent_id: agent, public: true });
      }
      if (resolved !== null) event('resolved', 'status_change', resolved, { status: 'solved' });
      if (closed !== null && closed !== resolved)
        event('closed', 'status_change', closed, { status: 'closed' });
      const lastResolution = Math.max(
        resolved ?? Number.NEGATIVE_INFINITY,
        closed ?? Number.NEGATIVE_INFINITY,
      );
      if (!RESOLVED.includes(status) && Number.isFinite(lastResolution)) {
        // Resolved once, open now: reopened at some point the export does not give; the last update is the best bound.
        const reopenedAt = updated !== null && updated > lastResolution ? updated : lastResolution + 1000;
        event('reopened', 'status_change', reopenedAt, { status });
        warn('ticket resolved earlier and open now: counted as reopened at its last update time', id);
      } else if (RESOLVED.includes(status) && resolved === null && closed === null) {
        warn(
          `ticket ${status === 'solved' ? 'resolved' : 'closed'} without a resolved or closed time: no resolution`,
          id,
        );
      }
      if (survey !== null) {
        // The export has no survey times; the survey goes out when the ticket is resolved.
        const at = resolved ?? closed ?? updated ?? created;
        out.write('survey_responses', {
          source,
          external_id: `${id}:survey`,
          kind: 'csat',
          scale_min: 1,
          scale_max: survey.max,
          score: survey.score,
          contact_external_id: id,
          customer_id: value('Contact ID') || value('Email') || null,
          sent_at: utcTimestamp(at),
          responded_at: utcTimestamp(at),
        });
      }
    }
  },
};
