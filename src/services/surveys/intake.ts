import { randomBytes } from 'node:crypto';
import type { Engine } from '../../core/engine.js';
import { sqlInstant } from '../audit.js';
import type { InvitationInput, Submission } from './contract.js';

/** A submission as the pages hand it over: for a public link, QR code or widget, with the invitation it makes. */
export type IncomingSubmission = Submission & { newInvitation?: InvitationInput & { invitationId: string } };

/** What survey_submissions.payload holds besides its columns. */
export interface SubmissionPayload {
  version: number;
  language: string;
  answers: Submission['answers'];
  /** The invitation to create (its sentAt as an ISO instant), when the answer is its first sign. */
  newInvitation?: Omit<InvitationInput, 'sentAt'> & { invitationId: string; sentAt: string | null };
}

interface Arrival {
  submission: IncomingSubmission;
  id: string;
  receivedAt: Date;
  resolve(result: { submissionId: string }): void;
  reject(error: unknown): void;
}

/** Rows per INSERT statement (8 parameters each): well under the engines' limits. */
const INSERT_ROWS = 250;

/**
 * Answers in, on disk: `submit` returns only when the answer's transaction has committed, so an
 * answer the customer saw acknowledged survives a kill -9 (DuckDB replays its write-ahead log).
 *
 * Group commit: answers that arrive while a transaction is being written wait together and share
 * the next one, so a burst of thousands of answers a second costs a few transactions, not
 * thousands. The processor (processor.ts) turns them into canonical rows afterwards.
 */
export class SurveyAnswerIntake {
  private arrivals: Arrival[] = [];
  private writing: Promise<void> | null = null;
  private nextArrival: Promise<number> | null = null;
  private closed = false;
  private writer: Promise<Engine> | null = null;

  constructor(
    private readonly engine: Engine,
    private readonly options: {
      now?: () => Date;
      /** Called after answers were stored, e.g. to wake the processor. */
      onStored?: () => void;
      /**
       * A connection of the intake's own (DuckDB's `openWriter`): answers are then written while
       * the shared connection is held by a rebuild, instead of waiting for it.
       */
      openWriter?: () => Promise<Engine>;
    } = {},
  ) {}

  private connection(): Promise<Engine> {
    const { openWriter } = this.options;
    if (openWriter === undefined) return Promise.resolve(this.engine);
    this.writer ??= openWriter().catch((error: unknown) => {
      this.writer = null;
      throw error;
    });
    return this.writer;
  }

  submit(submission: IncomingSubmission): Promise<{ submissionId: string }> {
    if (this.closed) return Promise.reject(new Error('the survey answer intake is closed'));
    // Checked here, alone: a payload that cannot be written must not fail everyone's transaction.
    JSON.stringify(submission.answers);
    return new Promise((resolve, reject) => {
      this.arrivals.push({
        submission,
        id: randomBytes(12).toString('base64url'),
        receivedAt: this.options.now?.() ?? new Date(),
        resolve,
        reject,
      });
      this.startWriting();
    });
  }

  /** Waits for every write under way; later submissions are refused. */
  async stop(): Promise<void> {
    this.closed = true;
    while (this.writing) await this.writing;
    const writer = this.writer;
    this.writer = null;
    if (writer) await (await writer).close();
  }

  /** Waits until everything submitted so far is written (tests, `drain`). */
  async flush(): Promise<void> {
    while (this.writing) await this.writing;
  }

  private startWriting(): void {
    this.writing ??= this.writeAll().finally(() => {
      this.writing = null;
      // An answer submitted between the last look at the queue and this moment would wait forever.
      if (this.arrivals.length > 0) this.startWriting();
    });
  }

  private async writeAll(): Promise<void> {
    // Answers arriving in the same turn of the event loop join the first transaction too.
    await new Promise((resolve) => setImmediate(resolve));
    while (this.arrivals.length > 0) {
      const arrivals = this.arrivals.splice(0);
      try {
        await this.write(arrivals);
        for (const arrival of arrivals) arrival.resolve({ submissionId: arrival.id });
        this.options.onStored?.();
      } catch (error) {
        for (const arrival of arrivals) arrival.reject(error);
        process.stderr.write(
          `${JSON.stringify({ time: new Date().toISOString(), level: 'error', what: 'survey answer intake', error: String(error) })}\n`,
        );
      }
    }
  }

  private async write(arrivals: readonly Arrival[]): Promise<void> {
    const engine = await this.connection();
    const p = engine.dialect.placeholder;
    this.nextArrival ??= engine
      .all('SELECT COALESCE(max(arrival), 0) AS n FROM survey_submissions')
      .then((rows) => Number(rows[0]?.n ?? 0) + 1)
      .catch((error: unknown) => {
        this.nextArrival = null;
        throw error;
      });
    let arrival = await this.nextArrival;
    const rows = arrivals.map(({ submission, id, receivedAt }) => {
      const { newInvitation } = submission;
      const payload: SubmissionPayload = {
        version: submission.version,
        language: submission.language,
        answers: submission.answers,
        ...(newInvitation
          ? {
              newInvitation: {
                ...newInvitation,
                sentAt: newInvitation.sentAt ? newInvitation.sentAt.toISOString() : null,
              },
            }
          : {}),
      };
      return [
        id,
        arrival++,
        submission.invitationId,
        submission.surveyId,
        sqlInstant(receivedAt),
        JSON.stringify(payload),
        submission.complete,
      ];
    });
    await engine.transaction(async () => {
      for (let i = 0; i < rows.length; i += INSERT_ROWS) {
        const chunk = rows.slice(i, i + INSERT_ROWS);
        const values = chunk
          .map((_, j) => {
            const at = (k: number) => p(j * 7 + k);
            return `(${at(1)}, ${at(2)}, ${at(3)}, ${at(4)}, CAST(${at(5)} AS TIMESTAMP), ${at(6)}, ${at(7)})`;
          })
          .join(', ');
        await engine.run(
          `INSERT INTO survey_submissions (id, arrival, invitation_id, survey_id, received_at, payload, complete) VALUES ${values}`,
          chunk.flat(),
        );
      }
    });
    this.nextArrival = Promise.resolve(arrival);
  }
}
