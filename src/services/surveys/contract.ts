/**
 * The surveys capability's shared types: what the store, the links, the answer intake and the
 * distribution hand each other. Kept apart so that every layer (server, CLI, jobs) names the same.
 */
import type { SurveyVia } from '../../core/schema.js';
import type {
  SurveyDefinition,
  SurveySettings,
  SurveyStatus,
  SurveyType,
} from '../../core/surveys/definition.js';

/** The source name of everything servicemeter collects itself, in survey_invitations and survey_responses. */
export const OWN_SOURCE = 'servicemeter';

export interface SurveyView {
  id: string;
  name: string;
  type: SurveyType;
  status: SurveyStatus;
  /** The current version; answers keep the version they were given to. */
  version: number;
  definition: SurveyDefinition;
  settings: SurveySettings;
  createdAt: string;
  updatedAt: string;
}

export interface SurveySummary {
  id: string;
  name: string;
  type: SurveyType;
  status: SurveyStatus;
  version: number;
  languages: string[];
  /** Invitations with a sent_at. */
  sent: number;
  /** Invitations with at least one answer (public ones included). */
  answered: number;
  /** answered-of-sent ÷ sent; null when nothing was sent. */
  responseRate: number | null;
  lastAnswerAt: string | null;
}

export type SurveyProblem =
  | { kind: 'invalid'; issues: { path: string; message: string }[] }
  | { kind: 'not_found'; what: string }
  | { kind: 'conflict'; reason: string };

/** One answer to one question: a score, the option ids chosen, or text; null skips it. */
export type AnswerValue = number | string | readonly string[] | null;

export interface InvitationInput {
  surveyId: string;
  via: SurveyVia;
  contact?: { source: string; externalId: string } | null;
  customerId?: string | null;
  email?: string | null;
  language?: string | null;
  sourceLabel?: string | null;
  location?: string | null;
  pageUrl?: string | null;
  waveId?: string | null;
  /** When it was sent or handed out; null for an invitation not yet sent (a queued e-mail). */
  sentAt?: Date | null;
}

export interface CreatedInvitation {
  invitationId: string;
  /** The signed token of its personal link: the page is `/s/<token>`. */
  token: string;
  expiresAt: string;
}

/** Why a personal link does not open a survey; each has its own page. */
export type LinkRefusal = 'malformed' | 'forged' | 'expired' | 'unknown' | 'closed' | 'inactive';

export interface OpenedInvitation {
  invitationId: string;
  survey: SurveyView;
  /** The version this invitation was given, with its definition (not necessarily the current one). */
  version: number;
  definition: SurveyDefinition;
  language: string | null;
  expiresAt: string | null;
  /** Answers already given (a second visit edits them until the link expires). */
  answers: Record<string, AnswerValue>;
  complete: boolean;
}

export interface Submission {
  invitationId: string;
  surveyId: string;
  version: number;
  language: string;
  answers: Record<string, AnswerValue>;
  /** False for a partial answer (the one-click score, a page left half-way): kept, and completed later. */
  complete: boolean;
}
