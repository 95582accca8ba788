/**
 * What the survey pages keep in memory so an answer costs no database read: the versions of the
 * surveys (a version never changes once stored), each survey as it is now (its status, settings and
 * current version), read again at most every STATUS_FRESH_MS, so a paused survey refuses answers
 * within that time; and the openings of personal links, written in one UPDATE a second instead of
 * a commit per page view.
 */
import type { Engine } from '../../../core/engine.js';
import { sqlInstant } from '../../../services/audit.js';
import { OWN_SOURCE, type SurveyView } from '../../../services/surveys/contract.js';
import { getSurvey } from '../../../services/surveys/store.js';

/** How long a survey's status may be stale: pausing a survey stops answers within this time. */
export const STATUS_FRESH_MS = 2_000;

export class SurveyCache {
  private readonly versions = new Map<string, Promise<SurveyView | null>>();
  private readonly current = new Map<string, { readAt: number; survey: Promise<SurveyView | null> }>();

  constructor(
    private readonly engine: Engine,
    private readonly clock: () => number = Date.now,
  ) {}

  /** The survey as it is now, at most STATUS_FRESH_MS old. */
  survey(surveyId: string): Promise<SurveyView | null> {
    const now = this.clock();
    const known = this.current.get(surveyId);
    if (known && now - known.readAt < STATUS_FRESH_MS) return known.survey;
    const survey = getSurvey(this.engine, surveyId);
    // Unknown ids are kept too (briefly), so probing random ids costs one read per id per window;
    // the map is emptied when it grows past what real surveys explain.
    if (this.current.size > 10_000) this.current.clear();
    this.current.set(surveyId, { readAt: now, survey });
    survey.catch(() => this.current.delete(surveyId));
    return survey;
  }

  /** One stored version of a survey (its definition and branding); read once, kept. */
  version(surveyId: string, version: number): Promise<SurveyView | null> {
    const key = `${surveyId}\u0000${version}`;
    let found = this.versions.get(key);
    if (found === undefined) {
      found = getSurvey(this.engine, surveyId, version);
      this.versions.set(key, found);
      // A version not (yet) stored is not remembered as missing.
      found.then(
        (view) => view === null && this.versions.delete(key),
        () => this.versions.delete(key),
      );
    }
    return found;
  }
}

/** The first openings of personal links, written behind: one UPDATE a second at most. */
export class OpeningRecorder {
  private pending = new Set<string>();
  private firstAt: Date | null = null;
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly engine: Engine,
    private readonly delayMs = 1_000,
  ) {}

  record(invitationId: string, now: Date): void {
    this.pending.add(invitationId);
    this.firstAt ??= now;
    if (this.timer === null) {
      this.timer = setTimeout(() => {
        this.timer = null;
        void this.flush();
      }, this.delayMs);
      this.timer.unref();
    }
  }

  /** Writes what is pending now; an opening already stored keeps its earlier time. */
  flush(): Promise<void> {
    const ids = [...this.pending];
    const at = this.firstAt;
    this.pending = new Set();
    this.firstAt = null;
    if (ids.length === 0 || at === null) return this.writing;
    const p = this.engine.dialect.placeholder;
    this.writing = this.writing.then(async () => {
      try {
        for (let first = 0; first < ids.length; first += 500) {
          const chunk = ids.slice(first, first + 500);
          await this.engine.run(
            `UPDATE survey_invitations SET opened_at = COALESCE(opened_at, CAST(${p(1)} AS TIMESTAMP))
             WHERE source = ${p(2)} AND external_id IN (${chunk.map((_, k) => p(k + 3)).join(', ')})`,
            [sqlInstant(at), OWN_SOURCE, ...chunk],
          );
        }
      } catch {
        // When an opening was first seen is worth less than the answer paths it would slow; a
        // closed database (the server stopping) loses at most the last second of openings.
      }
    });
    return this.writing;
  }
}
