/**
 * The demo team's quality reviews. The last three months of conversations were reviewed with two
 * scorecards, about six per agent a month, by three reviewers of whom one is strict and one
 * lenient (so the drift report has something to show); some categories were not applicable, some
 * reviews failed a critical category, low ratings name their root cause. Those reviews and the
 * training days are canonical rows, written to the demo's CSV files like every canonical table
 * (`DemoReviewPool`); the scorecards, the calibration sessions, a dispute or two, coaching, the
 * sampling rule, the goals and the automatic checks are put in after the import through the
 * services (`createDemoQa`). Deterministic: a random stream of its own, seeded from the demo seed.
 */
import { join } from 'node:path';
import type { Engine } from '../../core/engine.js';
import type { ScorecardDefinitionInput } from '../../core/qa/scorecard.js';
import { scaleRange } from '../../core/qa/scorecard.js';
import { QA_ROOT_CAUSES, type QaRootCause } from '../../core/schema.js';
import { setGoal } from '../qa/assignments.js';
import { closeCalibrationSession, createCalibrationSession } from '../qa/calibration.js';
import { runChecks } from '../qa/checks.js';
import { createCoachingSession } from '../qa/coaching.js';
import type { ContactRef, QaActor, ReviewInput } from '../qa/contract.js';
import { QA_SOURCE } from '../qa/contract.js';
import { openDispute, resolveDispute } from '../qa/disputes.js';
import { submitReview } from '../qa/reviews.js';
import { createSamplingRule, drawSample } from '../qa/sampling.js';
import { createScorecard } from '../qa/scorecards.js';
import { CsvTableWriter, columnPositions, csvField } from './csv.js';
import { Rng } from './random.js';
import {
  AGENTS,
  type AgentDef,
  type DemoChannel,
  NEW_AGENT_ID,
  PERIOD_LAST_DAY,
  UNDER_PERFORMER_ID,
} from './scenario.js';

const DAY = 86_400;
const HOUR = 3_600;

/** The reviewers: a QA lead, a strict one and a lenient one (their bias on a 0–1 quality). */
export const DEMO_REVIEWERS = [
  { id: 'qa-mila', name: 'Mila Jansen', bias: 0, weight: 45 },
  { id: 'qa-jeroen', name: 'Jeroen Bakker', bias: -0.2, weight: 30 },
  { id: 'qa-iris', name: 'Iris Smit', bias: 0.26, weight: 25 },
] as const;

/** The months reviewed: the last three of the period. */
const REVIEW_MONTHS = ['2026-04', '2026-05', '2026-06'] as const;
/** Nothing is reviewed after the demo's last day. */
const LAST_REVIEW_T = Date.parse(`${PERIOD_LAST_DAY}T16:00:00Z`) / 1000;
const REVIEWS_PER_AGENT_MONTH = 6;
/** Candidates kept per agent and month: the reviews plus spares for calibration. */
const POOL_SIZE = 12;

const WRITTEN: ScorecardDefinitionInput = {
  name: 'Written conversations',
  description: 'E-mail, chat and social: is the answer right, in our voice, and safe?',
  groups: [
    { id: 'accuracy', name: 'Accuracy' },
    { id: 'style', name: 'Style and brand' },
    { id: 'compliance', name: 'Compliance' },
  ],
  categories: [
    {
      id: 'solution',
      name: 'Correct solution',
      description: 'The answer solves the question, following the knowledge base.',
      scale: '1-5',
      weight: 3,
      group: 'accuracy',
      allowNotApplicable: false,
      link: 'https://help.webshop.example/kb/answers',
    },
    { id: 'knowledge', name: 'Product knowledge', scale: '1-5', weight: 2, group: 'accuracy' },
    { id: 'process', name: 'Followed the process', scale: 'pass_fail', weight: 1, group: 'accuracy' },
    {
      id: 'tone',
      name: 'Tone and empathy',
      scale: '1-3',
      weight: 2,
      group: 'style',
      allowNotApplicable: false,
    },
    {
      id: 'brand',
      name: 'Brand guide',
      description: 'Greeting, closing, the customer addressed by name, no forbidden phrases.',
      scale: '1-3',
      weight: 1,
      group: 'style',
      link: 'https://brand.webshop.example/voice',
    },
    {
      id: 'privacy',
      name: 'Privacy and verification',
      description: 'No personal or payment data asked or shared without verification.',
      scale: 'pass_fail',
      weight: 1,
      critical: true,
      allowNotApplicable: false,
      group: 'compliance',
    },
  ],
  passMark: 0.8,
  criticalScope: 'review',
  channels: ['email', 'chat', 'social'],
};

const PHONE: ScorecardDefinitionInput = {
  name: 'Phone calls',
  description: 'Calls: a failed verification fails the compliance group only.',
  groups: [
    { id: 'call_flow', name: 'Call flow' },
    { id: 'accuracy', name: 'Accuracy' },
    { id: 'compliance', name: 'Compliance' },
  ],
  categories: [
    { id: 'greeting', name: 'Greeting and introduction', scale: 'pass_fail', weight: 1, group: 'call_flow' },
    {
      id: 'solution',
      name: 'Correct solution',
      scale: '1-5',
      weight: 3,
      group: 'accuracy',
      allowNotApplicable: false,
    },
    {
      id: 'empathy',
      name: 'Empathy',
      scale: '1-5',
      weight: 2,
      group: 'call_flow',
      allowNotApplicable: false,
    },
    {
      id: 'verification',
      name: 'Identity verified',
      scale: 'pass_fail',
      weight: 1,
      critical: true,
      group: 'compliance',
    },
    { id: 'closing', name: 'Closing and next steps', scale: '1-3', weight: 1, group: 'call_flow' },
  ],
  passMark: 0.8,
  criticalScope: 'group',
  channels: ['phone'],
};

export const DEMO_SCORECARDS = [
  { id: 'written', definition: WRITTEN },
  { id: 'phone', definition: PHONE },
] as const;

type Category = {
  id: string;
  name: string;
  scale: 'pass_fail' | '1-3' | '1-5';
  weight: number;
  group: string;
  critical: boolean;
  notApplicable: number;
};

function categoriesOf(definition: ScorecardDefinitionInput): Category[] {
  return definition.categories.map((c) => ({
    id: c.id,
    name: c.name,
    scale: c.scale ?? '1-5',
    weight: c.weight ?? 1,
    group: c.group ?? c.id,
    critical: c.critical ?? false,
    // How often the category does not apply: processes and knowledge not always at stake.
    notApplicable:
      c.allowNotApplicable === false ? 0 : c.id === 'process' ? 0.14 : c.id === 'knowledge' ? 0.07 : 0.03,
  }));
}

const CATEGORIES = { written: categoriesOf(WRITTEN), phone: categoriesOf(PHONE) };

const ROOT_CAUSES: Record<string, readonly QaRootCause[]> = {
  solution: ['knowledge', 'process'],
  knowledge: ['knowledge'],
  process: ['process', 'tooling'],
  tone: ['tone'],
  brand: ['brand_guide'],
  privacy: ['process'],
  greeting: ['brand_guide'],
  empathy: ['tone'],
  verification: ['process'],
  closing: ['brand_guide', 'process'],
};

const LOW_COMMENTS: Record<string, readonly string[]> = {
  solution: [
    'The refund timeline was wrong: it is 5 working days, not 2.',
    'Answered a different question than the customer asked.',
    'Should have offered the replacement straight away.',
  ],
  knowledge: ['Mixed up the two capsule systems.', 'Did not know the return window for sale items.'],
  process: ['No refund form logged in the back office.', 'Escalated without an internal note.'],
  tone: ['Short and a bit cold for an upset customer.', 'No acknowledgement of the frustration.'],
  brand: [
    'No greeting and no closing.',
    'Used a phrase from the forbidden list.',
    'Did not use the customer’s name.',
  ],
  privacy: ['Asked for the full card number by e-mail.', 'Shared the delivery address before verifying.'],
  greeting: ['Did not introduce themselves.'],
  empathy: ['Interrupted the caller twice.'],
  verification: ['Changed the address without checking the postcode and house number.'],
  closing: ['No next steps agreed.'],
};
const GOOD_COMMENTS = [
  'Clear and friendly, nice work.',
  'Exactly what the customer needed.',
  'Good use of the knowledge base.',
];
const REVIEW_COMMENTS = [
  'Solid conversation, a few details to polish.',
  'Customer got the right answer quickly.',
  'Let us look at this one together in the next coaching session.',
  'Good tone, but check the knowledge base before answering.',
];

/** A contact the reviewers may have picked. */
export interface ReviewCandidate {
  id: string;
  agent: string;
  channel: DemoChannel;
  created: number;
  resolvedAt: number;
}

const REVIEW_POS = columnPositions('qa_reviews', [
  'source',
  'external_id',
  'contact_source',
  'contact_external_id',
  'agent_id',
  'reviewer_id',
  'kind',
  'scorecard_id',
  'scorecard_version',
  'reviewed_at',
  'comment',
]);
const RATING_POS = columnPositions('qa_ratings', [
  'source',
  'review_external_id',
  'category_id',
  'category_name',
  'group_id',
  'rating',
  'scale_min',
  'scale_max',
  'weight',
  'critical',
  'comment',
  'root_causes',
]);
const TRAINING_POS = columnPositions('training_days', [
  'source',
  'external_id',
  'agent_id',
  'day',
  'hours',
  'topic',
  'category_id',
  'note',
]);

const isoUtc = (t: number) => new Date(t * 1000).toISOString().replace('.000Z', 'Z');
const monthOf = (t: number) => new Date(t * 1000).toISOString().slice(0, 7);

/** How well an agent works, 0–1, from how satisfied their customers are. */
function agentQuality(agent: AgentDef): number {
  let quality = 0.15 + (agent.topBox - 0.6) * 1.8;
  if (agent.id === UNDER_PERFORMER_ID) quality -= 0.12;
  if (agent.id === NEW_AGENT_ID) quality -= 0.08;
  return Math.min(0.95, Math.max(0.2, quality));
}

/**
 * Picks the reviewed conversations while the contacts are generated (a reservoir per agent and
 * month, so memory stays small), then writes the reviews, their ratings and the training days.
 */
export class DemoReviewPool {
  private readonly rng: Rng;
  private readonly pools = new Map<string, { seen: number; picked: ReviewCandidate[] }>();

  constructor(seed: number) {
    this.rng = new Rng(seed * 11 + 0x9a11);
  }

  note(candidate: ReviewCandidate): void {
    const month = monthOf(candidate.created);
    if (!(REVIEW_MONTHS as readonly string[]).includes(month) || candidate.agent === '') return;
    const key = `${candidate.agent}|${month}`;
    let pool = this.pools.get(key);
    if (!pool) {
      pool = { seen: 0, picked: [] };
      this.pools.set(key, pool);
    }
    pool.seen++;
    if (pool.picked.length < POOL_SIZE) pool.picked.push(candidate);
    else {
      const slot = Math.floor(this.rng.next() * pool.seen);
      if (slot < POOL_SIZE) pool.picked[slot] = candidate;
    }
  }

  /** Writes qa_reviews, qa_ratings and training_days into `dir`; returns the rows per file. */
  async write(dir: string): Promise<Record<string, number>> {
    const r = this.rng;
    const reviews = new CsvTableWriter('qa_reviews', join(dir, 'qa_reviews.csv'));
    const ratings = new CsvTableWriter('qa_ratings', join(dir, 'qa_ratings.csv'));
    const training = new CsvTableWriter('training_days', join(dir, 'training_days.csv'));
    let seq = 0;
    const keys = [...this.pools.keys()].sort();
    for (const key of keys) {
      const pool = this.pools.get(key);
      if (!pool) continue;
      const agent = AGENTS.find((a) => a.id === key.split('|')[0]);
      if (!agent) continue;
      const picked = [...pool.picked].sort((a, b) => a.created - b.created || (a.id < b.id ? -1 : 1));
      const count = Math.min(picked.length, REVIEWS_PER_AGENT_MONTH + r.int(-1, 1));
      for (const contact of picked.slice(0, count)) {
        const reviewedAt = contact.resolvedAt + r.int(DAY, 4 * DAY) + r.int(0, 8 * HOUR);
        if (reviewedAt > LAST_REVIEW_T) continue;
        seq++;
        const id = `demo-${String(seq).padStart(4, '0')}`;
        const reviewer =
          DEMO_REVIEWERS[r.weightedIndex(DEMO_REVIEWERS.map((x) => x.weight))] ?? DEMO_REVIEWERS[0];
        const scorecard = contact.channel === 'phone' ? 'phone' : 'written';
        const row = reviews.emptyRow();
        row[REVIEW_POS.source] = QA_SOURCE;
        row[REVIEW_POS.external_id] = id;
        row[REVIEW_POS.contact_source] = 'demo';
        row[REVIEW_POS.contact_external_id] = contact.id;
        row[REVIEW_POS.agent_id] = agent.id;
        row[REVIEW_POS.reviewer_id] = reviewer.id;
        row[REVIEW_POS.kind] = 'review';
        row[REVIEW_POS.scorecard_id] = scorecard;
        row[REVIEW_POS.scorecard_version] = '1';
        row[REVIEW_POS.reviewed_at] = isoUtc(reviewedAt);
        row[REVIEW_POS.comment] = r.chance(0.45) ? csvField(r.pick(REVIEW_COMMENTS)) : '';
        reviews.push(row);
        for (const rating of this.ratingsOf(agent, reviewer.bias, CATEGORIES[scorecard])) {
          const line = ratings.emptyRow();
          line[RATING_POS.source] = QA_SOURCE;
          line[RATING_POS.review_external_id] = id;
          line[RATING_POS.category_id] = rating.category.id;
          line[RATING_POS.category_name] = csvField(rating.category.name);
          line[RATING_POS.group_id] = rating.category.group;
          line[RATING_POS.rating] = rating.value === null ? '' : String(rating.value);
          const range = scaleRange(rating.category.scale);
          line[RATING_POS.scale_min] = String(range.min);
          line[RATING_POS.scale_max] = String(range.max);
          line[RATING_POS.weight] = String(rating.category.weight);
          line[RATING_POS.critical] = String(rating.category.critical);
          line[RATING_POS.comment] = rating.comment === null ? '' : csvField(rating.comment);
          line[RATING_POS.root_causes] = rating.rootCauses.join('|');
          ratings.push(line);
        }
      }
    }
    for (const day of trainingDays()) {
      const row = training.emptyRow();
      row[TRAINING_POS.source] = QA_SOURCE;
      row[TRAINING_POS.external_id] = day.id;
      row[TRAINING_POS.agent_id] = day.agent;
      row[TRAINING_POS.day] = day.day;
      row[TRAINING_POS.hours] = day.hours === null ? '' : String(day.hours);
      row[TRAINING_POS.topic] = csvField(day.topic);
      row[TRAINING_POS.category_id] = day.category ?? '';
      row[TRAINING_POS.note] = day.note === null ? '' : csvField(day.note);
      training.push(row);
    }
    for (const writer of [reviews, ratings, training]) await writer.close();
    return { qa_reviews: reviews.rows, qa_ratings: ratings.rows, training_days: training.rows };
  }

  private ratingsOf(
    agent: AgentDef,
    bias: number,
    categories: readonly Category[],
  ): { category: Category; value: number | null; comment: string | null; rootCauses: QaRootCause[] }[] {
    const r = this.rng;
    const quality = agentQuality(agent) + bias + r.normal() * 0.08;
    const criticalFail = r.chance(
      agent.id === UNDER_PERFORMER_ID ? 0.09 : agent.id === NEW_AGENT_ID ? 0.07 : 0.025,
    );
    return categories.map((category) => {
      if (r.chance(category.notApplicable)) return { category, value: null, comment: null, rootCauses: [] };
      const x = Math.min(1, Math.max(0, quality + r.normal() * 0.18));
      const range = scaleRange(category.scale);
      let value =
        category.scale === 'pass_fail'
          ? x > 0.3
            ? 1
            : 0
          : Math.round(range.min + x * (range.max - range.min));
      if (category.critical) value = criticalFail ? 0 : 1;
      const score = (value - range.min) / (range.max - range.min);
      const low = score < 0.5;
      const causes = ROOT_CAUSES[category.id] ?? [];
      const rootCauses: QaRootCause[] = [];
      if (low && causes.length > 0 && r.chance(0.85)) {
        rootCauses.push(r.pick(causes));
        if (r.chance(0.2)) {
          const extra = r.pick(QA_ROOT_CAUSES);
          if (!rootCauses.includes(extra)) rootCauses.push(extra);
        }
      }
      const comment = low
        ? r.chance(0.7)
          ? r.pick(LOW_COMMENTS[category.id] ?? GOOD_COMMENTS)
          : null
        : r.chance(0.06)
          ? r.pick(GOOD_COMMENTS)
          : null;
      return { category, value, comment, rootCauses };
    });
  }
}

/** Training given in the period: a brand-guide session for all, follow-ups for those who needed them. */
function trainingDays(): {
  id: string;
  agent: string;
  day: string;
  hours: number | null;
  topic: string;
  category: string | null;
  note: string | null;
}[] {
  const days: ReturnType<typeof trainingDays> = [];
  for (const agent of AGENTS) {
    if (agent.id === NEW_AGENT_ID) continue;
    days.push({
      id: `demo-brand-${agent.id}`,
      agent: agent.id,
      day: agent.team === 'phone' ? '2026-04-21' : '2026-04-20',
      hours: 2,
      topic: 'Brand guide refresher',
      category: 'brand',
      note: 'New greetings and closings, the forbidden-phrases list',
    });
  }
  for (const [i, day] of ['2026-06-08', '2026-06-09', '2026-06-10'].entries())
    days.push({
      id: `demo-onboarding-${i + 1}`,
      agent: NEW_AGENT_ID,
      day,
      hours: null,
      topic: 'Onboarding',
      category: null,
      note: i === 0 ? 'Tools, returns process, privacy rules' : null,
    });
  days.push(
    {
      id: 'demo-knowledge-ruben',
      agent: UNDER_PERFORMER_ID,
      day: '2026-05-12',
      hours: 4,
      topic: 'Product knowledge: capsule systems and lamps',
      category: 'knowledge',
      note: 'Follows the April reviews',
    },
    {
      id: 'demo-privacy-ruben',
      agent: UNDER_PERFORMER_ID,
      day: '2026-06-03',
      hours: 1.5,
      topic: 'Privacy and verification',
      category: 'privacy',
      note: null,
    },
  );
  return days;
}

// ---------------------------------------------------------------------------------------------
// After the import: what lives in operational tables, put in through the services.

const at = (day: string, time = '09:00:00') => new Date(`${day}T${time}Z`);
const manager = (userId: string): QaActor => ({ userId, role: 'manager', agentId: null });

function check<T>(what: string, result: { ok: true; data: T } | { ok: false; error: unknown }): T {
  if (!result.ok) throw new Error(`demo ${what}: ${JSON.stringify(result.error)}`);
  return result.data;
}

/** Contacts of a channel and agent, handled in a period: the conversations the sessions use. */
async function contactsOf(
  engine: Engine,
  filter: { channel: string; from: string; to: string; limit: number; agents?: readonly string[] },
): Promise<(ContactRef & { agentId: string })[]> {
  const p = engine.dialect.placeholder;
  const agents = filter.agents ?? [];
  const rows = await engine.all(
    `SELECT external_id, assignee_id FROM contacts
     WHERE source = 'demo' AND channel = ${p(1)} AND status IN ('solved', 'closed') AND assignee_id IS NOT NULL
       AND created_at >= CAST(${p(2)} AS TIMESTAMP) AND created_at < CAST(${p(3)} AS TIMESTAMP)
       ${agents.length > 0 ? `AND assignee_id IN (${agents.map((_, i) => p(i + 4)).join(', ')})` : ''}
     ORDER BY external_id LIMIT ${Math.trunc(filter.limit)}`,
    [filter.channel, `${filter.from} 00:00:00`, `${filter.to} 00:00:00`, ...agents],
  );
  return rows.map((row) => ({
    source: 'demo',
    externalId: String(row.external_id),
    agentId: String(row.assignee_id),
  }));
}

/** Ratings for a calibration review: the reviewer's view of the same conversation, a little apart. */
function calibrationRatings(rng: Rng, bias: number): ReviewInput['ratings'] {
  return (CATEGORIES.written ?? []).map((category) => {
    const range = scaleRange(category.scale);
    if (category.critical) return { categoryId: category.id, rating: 1 };
    if (category.notApplicable > 0 && rng.chance(category.notApplicable))
      return { categoryId: category.id, rating: null };
    const x = Math.min(1, Math.max(0, 0.72 + bias + rng.normal() * 0.15));
    const rating =
      category.scale === 'pass_fail'
        ? x > 0.3
          ? 1
          : 0
        : Math.round(range.min + x * (range.max - range.min));
    return { categoryId: category.id, rating };
  });
}

/**
 * Puts in the demo's scorecards, a closed and an open calibration session, a resolved and an open
 * dispute, coaching sessions, a weekly sampling rule with its open assignments, review goals, and
 * runs the automatic checks. Call after the demo files were imported.
 */
export async function createDemoQa(engine: Engine, seed: number): Promise<void> {
  const rng = new Rng(seed * 13 + 0xca1b);
  const start = at('2026-03-30');
  for (const scorecard of DEMO_SCORECARDS)
    check(
      `scorecard ${scorecard.id}`,
      await createScorecard(engine, { id: scorecard.id, definition: scorecard.definition }, null, start),
    );

  // A calibration in May, closed: two reviewers, four chats and e-mails, Mila the reference.
  const [mila, jeroen, iris] = DEMO_REVIEWERS;
  const mayContacts = [
    ...(await contactsOf(engine, { channel: 'email', from: '2026-05-04', to: '2026-05-09', limit: 2 })),
    ...(await contactsOf(engine, { channel: 'chat', from: '2026-05-04', to: '2026-05-09', limit: 2 })),
  ];
  const may = check(
    'calibration',
    await createCalibrationSession(
      engine,
      {
        name: 'May calibration: written conversations',
        scorecardId: 'written',
        reviewers: [mila.id, jeroen.id],
        contacts: mayContacts.map(({ source, externalId }) => ({ source, externalId })),
        referenceReviewerId: mila.id,
        dueAt: at('2026-05-15', '17:00:00'),
      },
      mila.id,
      at('2026-05-11'),
    ),
  );
  for (const [i, contact] of mayContacts.entries()) {
    for (const reviewer of [mila, jeroen]) {
      check(
        'calibration review',
        await submitReview(
          engine,
          manager(reviewer.id),
          {
            contact: { source: contact.source, externalId: contact.externalId },
            scorecardId: 'written',
            kind: 'calibration',
            calibrationSessionId: may.id,
            ratings: calibrationRatings(rng, reviewer.bias),
          },
          at('2026-05-13', `1${i}:${reviewer === mila ? '10' : '40'}:00`),
        ),
      );
    }
  }
  check(
    'closing the calibration',
    await closeCalibrationSession(engine, may.id, at('2026-05-15', '16:00:00')),
  );

  // June's calibration is under way: Iris has done one of three.
  const juneContacts = await contactsOf(engine, {
    channel: 'email',
    from: '2026-06-15',
    to: '2026-06-20',
    limit: 3,
  });
  const june = check(
    'calibration',
    await createCalibrationSession(
      engine,
      {
        name: 'June calibration: e-mail',
        scorecardId: 'written',
        reviewers: [iris.id, jeroen.id],
        contacts: juneContacts.map(({ source, externalId }) => ({ source, externalId })),
        referenceReviewerId: null,
        dueAt: at('2026-07-03', '17:00:00'),
      },
      mila.id,
      at('2026-06-22'),
    ),
  );
  const firstJune = juneContacts[0];
  if (firstJune)
    check(
      'calibration review',
      await submitReview(
        engine,
        manager(iris.id),
        {
          contact: { source: firstJune.source, externalId: firstJune.externalId },
          scorecardId: 'written',
          kind: 'calibration',
          calibrationSessionId: june.id,
          ratings: calibrationRatings(rng, iris.bias),
        },
        at('2026-06-24', '11:00:00'),
      ),
    );

  // Disputes: Ruben disputes his lowest review without a critical fail, preferably Jeroen's
  // (accepted, the solution re-rated, so its score rises), and
  // Lotte one of hers (still open).
  const lowest = async (agentId: string) =>
    (
      await engine.all(
        `SELECT external_id, scorecard_id, reviewer_id FROM qa_review_facts
         WHERE source = '${QA_SOURCE}' AND kind = 'review' AND NOT critical_failed
           AND agent_id = ${engine.dialect.placeholder(1)}
           AND reviewed_at >= CAST('2026-06-01 00:00:00' AS TIMESTAMP)
         ORDER BY score, reviewer_id = 'qa-jeroen' DESC, external_id LIMIT 1`,
        [agentId],
      )
    )[0];
  const rubenReview = await lowest(UNDER_PERFORMER_ID);
  if (rubenReview) {
    const reviewId = `${QA_SOURCE}|${String(rubenReview.external_id)}`;
    const dispute = check(
      'dispute',
      await openDispute(
        engine,
        { userId: 'agent-ruben', role: 'agent', agentId: UNDER_PERFORMER_ID },
        reviewId,
        {
          reason: 'The customer asked about the old return window; my answer was right for that order.',
          categoryId: 'solution',
        },
        at('2026-06-25', '10:00:00'),
      ),
    );
    const scorecard = String(rubenReview.scorecard_id) === 'phone' ? 'phone' : 'written';
    const ratings = await engine.all(
      `SELECT category_id, rating FROM qa_ratings WHERE source = '${QA_SOURCE}' AND review_external_id = ${engine.dialect.placeholder(1)}`,
      [String(rubenReview.external_id)],
    );
    check(
      'dispute resolution',
      await resolveDispute(
        engine,
        // Another reviewer than the one disputed resolves it.
        manager(DEMO_REVIEWERS.find((r) => r.id !== String(rubenReview.reviewer_id))?.id ?? mila.id),
        dispute.id,
        {
          accept: true,
          resolution: 'Agreed: the order was placed before the new policy. Solution re-rated.',
          ratings: ratings.map((row) => ({
            categoryId: String(row.category_id),
            rating:
              String(row.category_id) === 'solution'
                ? scaleRange(CATEGORIES[scorecard].find((c) => c.id === 'solution')?.scale ?? '1-5').max
                : row.rating === null
                  ? null
                  : Number(row.rating),
          })),
        },
        at('2026-06-26', '14:30:00'),
      ),
    );
  }
  const lotteReview = await lowest('lotte');
  if (lotteReview)
    check(
      'dispute',
      await openDispute(
        engine,
        { userId: 'agent-lotte', role: 'agent', agentId: 'lotte' },
        `${QA_SOURCE}|${String(lotteReview.external_id)}`,
        { reason: 'The customer had already verified by phone, see the internal note.', categoryId: null },
        at('2026-06-27', '09:15:00'),
      ),
    );

  // Coaching: with Ruben about his reviews (held, followed up), with Noah after onboarding (planned).
  const rubenReviews = await engine.all(
    `SELECT external_id FROM qa_reviews WHERE source = '${QA_SOURCE}' AND agent_id = '${UNDER_PERFORMER_ID}' AND kind = 'review'
     ORDER BY reviewed_at LIMIT 3`,
  );
  check(
    'coaching',
    await createCoachingSession(
      engine,
      {
        agentId: UNDER_PERFORMER_ID,
        coachId: 'sanne',
        heldOn: '2026-05-06',
        reviewIds: rubenReviews.map((row) => `${QA_SOURCE}|${String(row.external_id)}`),
        categories: ['knowledge', 'solution'],
        notes: 'Went through three April reviews. Knowledge gaps on capsules and lamps; good tone.',
        actions: [
          { text: 'Follow the product-knowledge training on 12 May', done: true },
          { text: 'Check the knowledge base before every answer on capsules', done: false },
        ],
        followUpOn: '2026-06-03',
        status: 'followed_up',
      },
      'sanne',
      at('2026-05-06', '13:00:00'),
    ),
  );
  check(
    'coaching',
    await createCoachingSession(
      engine,
      {
        agentId: NEW_AGENT_ID,
        coachId: 'emma',
        heldOn: null,
        categories: ['process', 'privacy'],
        notes: 'First reviews after onboarding.',
        actions: [{ text: 'Shadow Emma on two returns with a refund', done: false }],
        followUpOn: '2026-07-10',
        status: 'planned',
      },
      'emma',
      at('2026-06-24', '15:00:00'),
    ),
  );

  // A weekly sample: five per agent of the last week, low CSAT or reopened first.
  const rule = check(
    'sampling rule',
    await createSamplingRule(
      engine,
      {
        id: 'weekly-sample',
        name: 'Weekly sample',
        schedule: 'weekly',
        perAgent: 3,
        stratifyByChannel: true,
        reviewers: DEMO_REVIEWERS.map((reviewer) => reviewer.id),
        seed: `demo-${seed}`,
      },
      at('2026-03-30'),
    ),
  );
  check(
    'sample',
    await drawSample(engine, rule.id, { now: at('2026-06-29', '06:00:00'), period: '2026-W26' }),
  );

  for (const goal of [
    { scope: 'all' as const, scopeId: '', reviewsPerMonth: 6 },
    { scope: 'agent' as const, scopeId: NEW_AGENT_ID, reviewsPerMonth: 10 },
  ])
    check('goal', await setGoal(engine, goal, at('2026-03-30')));

  // The import runs the checks on the contacts it brings; run them here only if it did not.
  const checked = await engine.all('SELECT 1 FROM qa_checked_contacts LIMIT 1');
  if (checked.length === 0) await runChecks(engine, 'all', at('2026-06-28', '18:00:00'));
}
