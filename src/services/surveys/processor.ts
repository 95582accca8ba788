import type { Engine, Row } from '../../core/engine.js';
import {
  type AnsweredInvitation,
  answerRows,
  type CheckedAnswer,
  checkAnswers,
  SURVEY_RESPONSE_COLUMNS,
  type SurveyResponseRow,
} from '../../core/surveys/answers.js';
import { SurveyDefinition } from '../../core/surveys/definition.js';
import type { SerializedEngine } from '../../server/serialized-engine.js';
import { isoInstant, sqlInstant } from '../audit.js';
import { type FactsChange, rebuildTouchedFacts } from '../rebuild.js';
import { OWN_SOURCE } from './contract.js';
import type { SubmissionPayload } from './intake.js';
import { INVITATION_COLUMNS, invitationRow, invitationValues } from './invitations.js';

export interface SurveyProcessorOptions {
  /** The server's engine (its `rebuilding` and `exclusive` are used when it has them), or a plain one. */
  engine: Engine | SerializedEngine;
  /** Called after answers changed survey_responses and the facts, with what the rebuild changed. */
  onImported?: (change: FactsChange) => void;
  /** How often the processor looks for answers when nobody woke it (default 1 s). */
  intervalMs?: number;
  /** Submissions taken at a time (default 5000). */
  batchSize?: number;
  /** The pause after a batch that found work, before the next (default 1 s). */
  settleMs?: number;
  now?: () => Date;
}

interface StoredSubmission {
  id: string;
  invitationId: string;
  receivedAt: string;
  complete: boolean;
  payload: SubmissionPayload;
}

type Outcome = { id: string; outcome: 'ok' | 'replaced' } | { id: string; outcome: 'failed'; error: string };

const RESPONSE_INSERT_ROWS = 100;
const KEYS_PER_STATEMENT = 500;

function aroundRebuild(engine: Engine | SerializedEngine) {
  return <T>(work: () => Promise<T>): Promise<T> =>
    'rebuilding' in engine ? engine.rebuilding(() => engine.exclusive(work)) : work();
}

async function inChunks<T>(items: readonly T[], size: number, work: (chunk: T[]) => Promise<void>) {
  for (let i = 0; i < items.length; i += size) await work(items.slice(i, i + size));
}

/**
 * Turns stored answers (survey_submissions) into canonical rows, in the order they arrived. Per
 * invitation the latest submission wins: its rows replace all the invitation's earlier rows (an
 * answer removed by an edit goes with them). The invitation's first answer time is kept as its
 * answered_at and as every row's responded_at, so an edit does not move the answer to another
 * period. Invitations sent (sent_at set by whoever sends them) get their unanswered row here too,
 * so the response rates count them. Rows, facts and the submissions' outcomes are written in one
 * transaction: a server killed half-way processes the same submissions again at its next start.
 *
 * The rows leave agent_id empty: the facts credit the last agent who replied before the invitation
 * was sent, else the agent who answered first, else the assignee (rebuild.ts).
 */
export class SurveyProcessor {
  private running: Promise<void> | null = null;
  private stopping = false;
  private woken = false;
  private wakeUp: (() => void) | null = null;
  private processing: Promise<number> = Promise.resolve(0);

  constructor(private readonly options: SurveyProcessorOptions) {}

  start(): void {
    this.stopping = false;
    this.running ??= this.loop();
  }

  wake(): void {
    this.woken = true;
    this.wakeUp?.();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.wake();
    await this.running;
    this.running = null;
  }

  private async loop(): Promise<void> {
    while (!this.stopping) {
      this.woken = false;
      let processed = 0;
      try {
        processed = await this.processWaiting();
      } catch (error) {
        // The database is busy or closing, or a bug: the answers stay unprocessed and are tried again.
        process.stderr.write(
          `${JSON.stringify({ time: new Date().toISOString(), level: 'error', what: 'survey answer processing', error: String(error) })}\n`,
        );
      }
      if (this.stopping) break;
      if (processed > 0) await this.pause(this.options.settleMs ?? 1000);
      else if (!this.woken) await this.sleep();
    }
  }

  /**
   * Between two batches, however often it is woken: answers pile up into larger batches, so a burst
   * costs a few rebuilds, and the intake gets the database (and the processors) in between.
   */
  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wakeUp = () => {
        if (!this.stopping) return;
        clearTimeout(timer);
        resolve();
      };
    });
  }

  private sleep(): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, this.options.intervalMs ?? 1000);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wakeUp = () => {
        this.wakeUp = null;
        done();
      };
    });
  }

  /** Processes what waits now (one batch); returns how many submissions and invitations it handled. */
  processWaiting(): Promise<number> {
    // One batch at a time, whether the loop or `drain` asks.
    const next = this.processing.catch(() => 0).then(() => this.processBatch());
    this.processing = next;
    return next;
  }

  private async processBatch(): Promise<number> {
    const { engine } = this.options;
    const limit = this.options.batchSize ?? 5000;
    const submissionRows = await engine.all(
      `SELECT id, invitation_id, CAST(received_at AS VARCHAR) AS received_at, complete, payload
       FROM survey_submissions WHERE processed_at IS NULL ORDER BY arrival LIMIT ${limit}`,
    );
    const unsynced = await engine.all(
      `SELECT i.external_id FROM survey_invitations i
       WHERE i.source = '${OWN_SOURCE}' AND i.sent_at IS NOT NULL
         AND NOT EXISTS (SELECT 1 FROM survey_responses r WHERE r.source = '${OWN_SOURCE}' AND r.external_id = i.external_id)
       LIMIT ${limit}`,
    );
    if (submissionRows.length === 0 && unsynced.length === 0) return 0;
    const submissions = submissionRows.map(
      (row): StoredSubmission => ({
        id: String(row.id),
        invitationId: String(row.invitation_id),
        receivedAt: isoInstant(row.received_at) ?? '',
        complete: row.complete === true,
        payload: JSON.parse(String(row.payload)) as SubmissionPayload,
      }),
    );
    const { change, synced } = await aroundRebuild(engine)(() =>
      engine.transaction(() =>
        this.write(
          submissions,
          unsynced.map((row) => String(row.external_id)),
        ),
      ),
    );
    if (change) this.options.onImported?.(change);
    // An invitation that cannot get its row (its survey version is gone) is no progress: `drain` stops.
    return submissions.length + synced;
  }

  private async write(
    submissions: readonly StoredSubmission[],
    unsynced: readonly string[],
  ): Promise<{ change: FactsChange | undefined; synced: number }> {
    const { engine } = this.options;
    const p = engine.dialect.placeholder;
    await this.createInvitations(submissions);
    // Per invitation: the latest submission, and the first time it was answered in this batch.
    const latest = new Map<string, StoredSubmission>();
    const all = new Map<string, StoredSubmission[]>();
    const firstAnswer = new Map<string, string>();
    for (const s of submissions) {
      latest.set(s.invitationId, s);
      all.set(s.invitationId, [...(all.get(s.invitationId) ?? []), s]);
      if (!firstAnswer.has(s.invitationId) && Object.keys(s.payload.answers).length > 0)
        firstAnswer.set(s.invitationId, s.receivedAt);
    }
    const invitationIds = [...new Set([...latest.keys(), ...unsynced])];
    const invitations = await this.readInvitations(invitationIds);
    const definitions = await this.readDefinitions([...invitations.values()]);
    const outcomes: Outcome[] = [];
    const rows: SurveyResponseRow[] = [];
    const answeredAt: [string, string][] = [];
    const rewritten: string[] = [];
    for (const invitationId of invitationIds) {
      const invitation = invitations.get(invitationId);
      const submission = latest.get(invitationId);
      const superseded = (all.get(invitationId) ?? []).filter((s) => s !== submission);
      if (invitation === undefined) {
        // Erased (or never made) after the answer was stored: nothing to attach it to.
        for (const s of [...superseded, ...(submission ? [submission] : [])])
          outcomes.push({ id: s.id, outcome: 'failed', error: `invitation ${invitationId} is not stored` });
        continue;
      }
      const definition = definitions.get(`${invitation.data.surveyId}\u0000${invitation.data.version}`);
      if (definition === undefined) {
        for (const s of [...superseded, ...(submission ? [submission] : [])])
          outcomes.push({
            id: s.id,
            outcome: 'failed',
            error: `survey ${invitation.data.surveyId} has no version ${invitation.data.version}`,
          });
        continue;
      }
      let answers: Record<string, CheckedAnswer> = {};
      if (submission) {
        const checked = checkAnswers(definition, submission.payload.answers, submission.complete);
        if (!checked.ok) {
          const why = checked.error.map((issue) => `${issue.questionId}: ${issue.reason}`).join('; ');
          for (const s of [...superseded, submission])
            outcomes.push({ id: s.id, outcome: 'failed', error: why });
          // The rows of an earlier, valid answer stay as they were.
          if (!unsynced.includes(invitationId)) continue;
        } else {
          answers = checked.data;
          outcomes.push({ id: submission.id, outcome: 'ok' });
          for (const s of superseded) outcomes.push({ id: s.id, outcome: 'replaced' });
        }
      }
      const firstAnsweredAt =
        invitation.answeredAt ??
        (Object.keys(answers).length > 0 ? (firstAnswer.get(invitationId) ?? null) : null);
      if (invitation.answeredAt === null && firstAnsweredAt !== null)
        answeredAt.push([invitationId, firstAnsweredAt]);
      // A public answer's invitation may not know its language; the page it was given in does.
      const data = {
        ...invitation.data,
        language: invitation.data.language ?? submission?.payload.language ?? null,
      };
      rows.push(...answerRows(definition, data, answers, firstAnsweredAt, OWN_SOURCE));
      rewritten.push(invitationId);
    }
    const touched = await this.replaceRows(rewritten, rows);
    await inChunks(answeredAt, KEYS_PER_STATEMENT, async (chunk) => {
      for (const [invitationId, at] of chunk)
        await engine.run(
          `UPDATE survey_invitations SET answered_at = CAST(${p(1)} AS TIMESTAMP)
           WHERE source = ${p(2)} AND external_id = ${p(3)} AND answered_at IS NULL`,
          [sqlInstant(new Date(at)), OWN_SOURCE, invitationId],
        );
    });
    await this.recordOutcomes(outcomes);
    const written = new Set(rewritten);
    const synced = unsynced.filter((id) => written.has(id)).length;
    if (touched.length === 0) return { change: undefined, synced };
    const rebuilt = await rebuildTouchedFacts(engine, { contacts: [], surveys: touched });
    return { change: rebuilt.change, synced };
  }

  /** The invitations public answers make, unless an earlier answer of the same client made it. */
  private async createInvitations(submissions: readonly StoredSubmission[]): Promise<void> {
    const { engine } = this.options;
    const p = engine.dialect.placeholder;
    const wanted = new Map<string, NonNullable<SubmissionPayload['newInvitation']> & { version: number }>();
    for (const s of submissions) {
      const made = s.payload.newInvitation;
      if (made && !wanted.has(made.invitationId))
        wanted.set(made.invitationId, { ...made, version: s.payload.version });
    }
    if (wanted.size === 0) return;
    const ids = [...wanted.keys()];
    await inChunks(ids, KEYS_PER_STATEMENT, async (chunk) => {
      const stored = await engine.all(
        `SELECT external_id FROM survey_invitations WHERE source = ${p(1)} AND external_id IN (${chunk.map((_, i) => p(i + 2)).join(', ')})`,
        [OWN_SOURCE, ...chunk],
      );
      for (const row of stored) wanted.delete(String(row.external_id));
    });
    const rows = [...wanted.values()].map((made) =>
      invitationRow(
        { ...made, sentAt: made.sentAt === null ? null : new Date(made.sentAt) },
        made.invitationId,
        made.version,
        null,
      ),
    );
    await inChunks(rows, 100, async (chunk) => {
      await engine.run(
        `INSERT INTO survey_invitations (${INVITATION_COLUMNS.join(', ')}) VALUES ${invitationValues(engine, chunk.length)}`,
        chunk.flat(),
      );
    });
  }

  private async readInvitations(
    ids: readonly string[],
  ): Promise<Map<string, { data: AnsweredInvitation; answeredAt: string | null }>> {
    const { engine } = this.options;
    const p = engine.dialect.placeholder;
    const found = new Map<string, { data: AnsweredInvitation; answeredAt: string | null }>();
    await inChunks(ids, KEYS_PER_STATEMENT, async (chunk) => {
      const rows = await engine.all(
        `SELECT external_id, survey_id, COALESCE(survey_version, (SELECT version FROM surveys s WHERE s.id = survey_id)) AS version,
           via, source_label, location, contact_source, contact_external_id, customer_id, language,
           CAST(sent_at AS VARCHAR) AS sent_at, CAST(answered_at AS VARCHAR) AS answered_at
         FROM survey_invitations WHERE source = ${p(1)} AND external_id IN (${chunk.map((_, i) => p(i + 2)).join(', ')})`,
        [OWN_SOURCE, ...chunk],
      );
      for (const row of rows) found.set(String(row.external_id), toInvitation(row));
    });
    return found;
  }

  private async readDefinitions(
    invitations: readonly { data: AnsweredInvitation }[],
  ): Promise<Map<string, SurveyDefinition>> {
    const { engine } = this.options;
    const p = engine.dialect.placeholder;
    const wanted = new Map<string, [string, number]>();
    for (const { data } of invitations)
      wanted.set(`${data.surveyId}\u0000${data.version}`, [data.surveyId, data.version]);
    const definitions = new Map<string, SurveyDefinition>();
    for (const [key, [surveyId, version]] of wanted) {
      const rows = await engine.all(
        `SELECT definition FROM survey_versions WHERE survey_id = ${p(1)} AND version = ${p(2)}`,
        [surveyId, version],
      );
      const stored = rows[0]?.definition;
      if (stored !== undefined) definitions.set(key, SurveyDefinition.parse(JSON.parse(String(stored))));
    }
    return definitions;
  }

  /** Replaces every row of the invitations; returns the survey keys written or removed. */
  private async replaceRows(
    invitationIds: readonly string[],
    rows: readonly SurveyResponseRow[],
  ): Promise<string[]> {
    const { engine } = this.options;
    const p = engine.dialect.placeholder;
    const touched = new Set<string>();
    await inChunks(invitationIds, KEYS_PER_STATEMENT, async (chunk) => {
      const list = chunk.map((_, i) => p(i + 2)).join(', ');
      const old = await engine.all(
        `SELECT external_id FROM survey_responses WHERE source = ${p(1)} AND invitation_id IN (${list})`,
        [OWN_SOURCE, ...chunk],
      );
      for (const row of old) touched.add(`${OWN_SOURCE}|${String(row.external_id)}`);
      await engine.run(`DELETE FROM survey_responses WHERE source = ${p(1)} AND invitation_id IN (${list})`, [
        OWN_SOURCE,
        ...chunk,
      ]);
    });
    const columns = [...SURVEY_RESPONSE_COLUMNS, 'contact_key'];
    const instants = new Set(['sent_at', 'responded_at']);
    await inChunks(rows, RESPONSE_INSERT_ROWS, async (chunk) => {
      const values = chunk
        .map((_, r) => {
          const cells = columns.map((column, k) => {
            const at = p(r * columns.length + k + 1);
            return instants.has(column) ? `CAST(${at} AS TIMESTAMP)` : at;
          });
          return `(${cells.join(', ')})`;
        })
        .join(', ');
      const params = chunk.flatMap((row) => [
        ...SURVEY_RESPONSE_COLUMNS.map((column) => {
          const value = row[column];
          return instants.has(column) && typeof value === 'string' ? sqlInstant(new Date(value)) : value;
        }),
        row.contact_external_id === null ? null : `${row.contact_source}|${row.contact_external_id}`,
      ]);
      await engine.run(`INSERT INTO survey_responses (${columns.join(', ')}) VALUES ${values}`, params);
    });
    for (const row of rows) touched.add(`${OWN_SOURCE}|${row.external_id}`);
    return [...touched];
  }

  private async recordOutcomes(outcomes: readonly Outcome[]): Promise<void> {
    const { engine } = this.options;
    const p = engine.dialect.placeholder;
    const at = sqlInstant(this.options.now?.() ?? new Date());
    for (const kind of ['ok', 'replaced'] as const) {
      const ids = outcomes.filter((o) => o.outcome === kind).map((o) => o.id);
      await inChunks(ids, KEYS_PER_STATEMENT, async (chunk) => {
        await engine.run(
          `UPDATE survey_submissions SET processed_at = CAST(${p(1)} AS TIMESTAMP), outcome = ${p(2)}, error = NULL
           WHERE id IN (${chunk.map((_, i) => p(i + 3)).join(', ')})`,
          [at, kind, ...chunk],
        );
      });
    }
    for (const outcome of outcomes) {
      if (outcome.outcome !== 'failed') continue;
      await engine.run(
        `UPDATE survey_submissions SET processed_at = CAST(${p(1)} AS TIMESTAMP), outcome = 'failed', error = ${p(2)}
         WHERE id = ${p(3)}`,
        [at, outcome.error, outcome.id],
      );
    }
  }
}

function toInvitation(row: Row): { data: AnsweredInvitation; answeredAt: string | null } {
  const text = (value: unknown) => (value === null || value === undefined ? null : String(value));
  return {
    data: {
      invitationId: String(row.external_id),
      surveyId: String(row.survey_id),
      version: Number(row.version),
      via: String(row.via) as AnsweredInvitation['via'],
      sourceLabel: text(row.source_label),
      location: text(row.location),
      contactSource: text(row.contact_source),
      contactExternalId: text(row.contact_external_id),
      customerId: text(row.customer_id),
      language: text(row.language),
      sentAt: isoInstant(row.sent_at),
    },
    answeredAt: isoInstant(row.answered_at),
  };
}
