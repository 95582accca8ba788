/**
 * The demo's own surveys as canonical rows: invitations in survey_invitations, answers in
 * survey_responses, shaped as the survey processor writes them (the invitation's row carries the
 * main question, one row `<invitation>:<question>` per other answer). Drawn from a random stream
 * of their own, so the contacts, events and the helpdesk's survey rows stay what they were.
 */

import { type CsvTableWriter, columnPositions, csvField } from './csv.js';
import { Rng } from './random.js';
import { COMMENTS, HORIZON, PERIOD_LAST_DAY, SOURCE } from './scenario.js';
import {
  DEMO_LINK_DAYS,
  DEMO_PUBLIC_SOURCES,
  DEMO_SHOPS,
  DEMO_WAVES,
  HELP_CENTRE_ARTICLES,
  HELP_CENTRE_COMMENTS,
  HELP_CENTRE_ID,
  HELP_CENTRE_SOURCE,
  NPS_REASONS,
  POST_CONTACT_ID,
  POST_CONTACT_REMINDER_HOURS,
  RELATIONSHIP_ID,
  SURVEY_SWITCH_DAY,
  WAVE_REMINDER_HOURS,
} from './surveys.js';
import { DAY, dayNumber, fromAmsterdam, HOUR, isoUtc, isoWeekday } from './time.js';

/** The source of everything servicemeter collects itself (services/surveys/contract.ts). */
const OWN_SOURCE = 'servicemeter';
const HORIZON_T = Date.parse(HORIZON) / 1000;
const SWITCH_DAY = dayNumber(SURVEY_SWITCH_DAY);
const LAST_DAY = dayNumber(PERIOD_LAST_DAY);

export type CustomerLanguage = 'en' | 'nl' | 'sv' | 'uk' | 'zh-CN';
export type Tone = 'positive' | 'neutral' | 'negative';

export interface DemoCustomer {
  id: string;
  /** Empty when the shop has no address for the customer. */
  email: string;
  language: CustomerLanguage;
}

/** What happened to a post-contact survey the helpdesk's CSAT logic decided to send. */
export interface PostContactAnswer {
  contact: string;
  customer: DemoCustomer | null;
  /** Agent named on the answer; empty lets the crediting rule decide. */
  agent: string;
  sent: number;
  /** 1–5, undefined when not answered (before the horizon). */
  score: number | undefined;
  responded: number | undefined;
  /** Tone of the comment the customer wrote; undefined: no comment. */
  comment: { tone: Tone; text: string; language: 'nl' | 'en' } | undefined;
  slow: boolean;
  troubled: boolean;
  easy: boolean;
}

const RESPONSE_POS = columnPositions('survey_responses', [
  'source',
  'external_id',
  'kind',
  'scale_min',
  'scale_max',
  'score',
  'comment',
  'dimension',
  'language',
  'contact_source',
  'contact_external_id',
  'agent_id',
  'customer_id',
  'sent_at',
  'responded_at',
  'survey_id',
  'survey_version',
  'question_id',
  'invitation_id',
  'via',
  'source_label',
  'location',
]);

const INVITATION_POS = columnPositions('survey_invitations', [
  'source',
  'external_id',
  'survey_id',
  'survey_version',
  'via',
  'source_label',
  'location',
  'page_url',
  'wave_id',
  'contact_source',
  'contact_external_id',
  'customer_id',
  'email',
  'language',
  'sent_at',
  'delivered_at',
  'bounced_at',
  'failure',
  'opened_at',
  'answered_at',
  'reminded_at',
  'expires_at',
]);

type Via = 'email' | 'link' | 'public' | 'qr' | 'widget' | 'wave';

interface Invitation {
  id: string;
  survey: string;
  via: Via;
  language: string;
  customer: DemoCustomer | null;
  contact: string;
  sourceLabel?: string;
  location?: string;
  pageUrl?: string;
  waveId?: string;
  sent?: number;
  delivered?: number;
  bounced?: { at: number; failure: string };
  opened?: number;
  answered?: number;
  reminded?: number;
  expires?: number;
}

interface Answer {
  question: string;
  kind: 'csat' | 'ces' | 'nps' | 'helpful' | 'stay' | 'satisfaction' | 'custom';
  min: number;
  max: number;
  score?: number;
  comment?: string;
  dimension?: string;
}

const FIRST_NAMES: Record<CustomerLanguage, readonly string[]> = {
  nl: ['anna', 'daan', 'emma', 'lucas', 'sanne', 'milan', 'julia', 'sem', 'lotte', 'bram', 'noor', 'thijs'],
  en: ['james', 'olivia', 'harry', 'amelia', 'jack', 'grace', 'oscar', 'chloe'],
  sv: ['erik', 'ingrid', 'sara', 'johan', 'astrid', 'lars'],
  uk: ['olena', 'andrii', 'iryna', 'taras', 'oksana', 'dmytro'],
  'zh-CN': ['wei', 'jing', 'hao', 'min', 'lei', 'yan'],
};
const LAST_NAMES: Record<CustomerLanguage, readonly string[]> = {
  nl: ['jansen', 'devries', 'bakker', 'visser', 'smit', 'meijer', 'mulder', 'bos', 'dekker', 'peters'],
  en: ['smith', 'jones', 'taylor', 'brown', 'wilson', 'evans'],
  sv: ['lindqvist', 'andersson', 'berg', 'nilsson', 'holm'],
  uk: ['kovalenko', 'shevchenko', 'bondarenko', 'melnyk', 'tkachenko'],
  'zh-CN': ['wang', 'zhang', 'chen', 'liu', 'zhao'],
};
const DOMAINS = ['example.com', 'example.org', 'example.net'] as const;

/** A well-spread 32-bit hash of a customer index and a salt, for fixed per-customer traits. */
function customerHash(index: number, salt: number): number {
  let h = Math.imul(index + 1, 0x9e3779b1) ^ Math.imul(salt, 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d);
  h = Math.imul(h ^ (h >>> 12), 0x297a2d39);
  return (h ^ (h >>> 15)) >>> 0;
}

/**
 * The customer behind pool index `index`: an address for most (example.com/.org/.net), and a
 * language: the Dutch-speaking customers' is nl; of those who write in English some read Swedish,
 * Ukrainian or Chinese best, and are asked in that language.
 */
export function demoCustomer(index: number, spoken: 'nl' | 'en'): DemoCustomer {
  const id = `CUST-${String(index + 1).padStart(6, '0')}`;
  let language: CustomerLanguage = spoken;
  if (spoken === 'en') {
    const u = customerHash(index, 1) / 2 ** 32;
    language = u < 0.14 ? 'sv' : u < 0.26 ? 'uk' : u < 0.36 ? 'zh-CN' : 'en';
  }
  const hasAddress = customerHash(index, 2) / 2 ** 32 < 0.92;
  if (!hasAddress) return { id, email: '', language };
  const first = FIRST_NAMES[language];
  const last = LAST_NAMES[language];
  const h = customerHash(index, 3);
  const name = `${first[h % first.length]}.${last[(h >>> 8) % last.length]}${index + 1}`;
  return { id, email: `${name}@${DOMAINS[(h >>> 16) % DOMAINS.length]}`, language };
}

/** Whether a survey sent at `sent` (UTC seconds) is the team's own post-contact survey. */
export function askedByOwnSurvey(sent: number): boolean {
  return Math.floor((sent + 7200) / DAY) >= SWITCH_DAY;
}

const INVITATION_ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

export class DemoSurveyRows {
  private readonly rng: Rng;
  /** Customers with an address, in order of their first contact, with when they were last in touch. */
  private readonly known = new Map<string, { customer: DemoCustomer; last: number; troubled: number }>();

  constructor(
    seed: number,
    private readonly out: { responses: CsvTableWriter; invitations: CsvTableWriter },
    /** The dataset's size against the 20,000-contact demo: public answers grow with it. */
    private readonly scale: number,
  ) {
    this.rng = new Rng((seed ^ 0x5eed5eed) >>> 0);
  }

  /** Remembers a customer's contact for the relationship waves' audience. */
  noteContact(customer: DemoCustomer | null, created: number, troubled: boolean): void {
    if (!customer?.email) return;
    const seen = this.known.get(customer.id);
    if (seen) {
      seen.last = created;
      if (troubled) seen.troubled++;
    } else this.known.set(customer.id, { customer, last: created, troubled: troubled ? 1 : 0 });
  }

  private invitationId(): string {
    let id = '';
    for (let i = 0; i < 22; i++) id += INVITATION_ID_ALPHABET[Math.floor(this.rng.next() * 64)];
    return id;
  }

  /** A post-contact e-mail (or, without an address, a personal link in the closing message) and its answers. */
  postContact(a: PostContactAnswer): void {
    const r = this.rng;
    const via: Via = a.customer?.email ? 'email' : 'link';
    const answered = a.score !== undefined && a.responded !== undefined;
    const invitation: Invitation = {
      id: this.invitationId(),
      survey: POST_CONTACT_ID,
      via,
      language: a.customer?.language ?? a.comment?.language ?? 'nl',
      customer: a.customer,
      contact: a.contact,
      sent: a.sent,
      expires: a.sent + DEMO_LINK_DAYS * DAY,
    };
    this.deliver(invitation, answered ? a.responded : undefined, POST_CONTACT_REMINDER_HOURS, 0.015);
    const answers: Answer[] = [];
    if (answered && a.score !== undefined) {
      const score = a.score;
      if (r.chance(0.85)) {
        const ces = a.easy ? 5 + r.weightedIndex([30, 40, 30]) : 1 + r.weightedIndex([15, 20, 30, 35]);
        answers.push({ question: 'ces', kind: 'ces', min: 1, max: 7, score: ces });
      }
      const around = (penalty: number): number =>
        Math.min(5, Math.max(1, score + r.int(-1, 1) - (r.chance(0.7) ? penalty : 0)));
      const dimensions: [string, number][] = [
        ['knowledge', a.troubled ? 1 : 0],
        ['speed_to_answer', a.slow ? 2 : 0],
        ['speed_to_solve', a.troubled ? 2 : a.slow ? 1 : 0],
      ];
      for (const [dimension, penalty] of dimensions) {
        if (r.chance(0.8))
          answers.push({
            question: dimension,
            kind: 'csat',
            min: 1,
            max: 5,
            score: around(penalty),
            dimension,
          });
      }
      if (a.comment) {
        const language = invitation.language;
        // The comment is written in the customer's language already; the draw that once picked
        // a translation stays, so every later answer stays what it was.
        if (language === 'sv' || language === 'uk' || language === 'zh-CN') r.next();
        answers.push({ question: 'comment', kind: 'custom', min: 0, max: 0, comment: a.comment.text });
      }
    }
    this.write(
      invitation,
      { question: '', kind: 'csat', min: 1, max: 5, ...(answered ? { score: a.score } : {}) },
      answers,
      a.agent,
    );
  }

  /** Sent, delivered or bounced, opened, reminded once when still unanswered. */
  private deliver(
    invitation: Invitation,
    responded: number | undefined,
    reminderHours: number,
    bounceShare: number,
  ): void {
    const r = this.rng;
    const sent = invitation.sent ?? 0;
    if (invitation.via === 'email' || invitation.via === 'wave') {
      if (responded === undefined && r.chance(bounceShare)) {
        const failure = r.chance(0.8)
          ? '550 5.1.1 Recipient address rejected: user unknown'
          : '552 5.2.2 Mailbox full';
        invitation.bounced = { at: sent + r.int(2, 90), failure };
        return;
      }
      invitation.delivered = sent + r.int(1, 20);
    }
    if (responded !== undefined) {
      invitation.answered = responded;
      invitation.opened = Math.max(sent + 5, responded - r.int(20, 300));
    } else if (r.chance(0.22)) {
      const opened = sent + r.seconds(5 * HOUR, 1.2, 30);
      if (opened < HORIZON_T) invitation.opened = opened;
    }
    const reminder = sent + reminderHours * HOUR;
    if (reminder < HORIZON_T && (responded === undefined || responded > reminder))
      invitation.reminded = reminder;
  }

  /**
   * The invitation's row and its answers' rows. A text answer (kind custom here) comments on the
   * main question, so it is the main row's comment, as core/surveys/answers.ts answerRows writes it.
   */
  private write(invitation: Invitation, question: Answer, answers: readonly Answer[], agent: string): void {
    const comment = answers.find((a) => a.kind === 'custom')?.comment;
    const main =
      comment === undefined || invitation.answered === undefined ? question : { ...question, comment };
    const others = answers.filter((a) => a.kind !== 'custom');
    const inv = this.out.invitations.emptyRow();
    const p = INVITATION_POS;
    inv[p.source] = OWN_SOURCE;
    inv[p.external_id] = invitation.id;
    inv[p.survey_id] = invitation.survey;
    inv[p.survey_version] = '1';
    inv[p.via] = invitation.via;
    inv[p.source_label] = invitation.sourceLabel ?? '';
    inv[p.location] = invitation.location ?? '';
    inv[p.page_url] = csvField(invitation.pageUrl ?? '');
    inv[p.wave_id] = invitation.waveId ?? '';
    inv[p.contact_source] = invitation.contact ? SOURCE : '';
    inv[p.contact_external_id] = invitation.contact;
    inv[p.customer_id] = invitation.customer?.id ?? '';
    inv[p.email] =
      invitation.via === 'email' || invitation.via === 'wave' ? (invitation.customer?.email ?? '') : '';
    inv[p.language] = invitation.language;
    const time = (t: number | undefined): string => (t === undefined ? '' : isoUtc(t));
    inv[p.sent_at] = time(invitation.sent);
    inv[p.delivered_at] = time(invitation.delivered);
    inv[p.bounced_at] = time(invitation.bounced?.at);
    inv[p.failure] = csvField(invitation.bounced?.failure ?? '');
    inv[p.opened_at] = time(invitation.opened);
    inv[p.answered_at] = time(invitation.answered);
    inv[p.reminded_at] = time(invitation.reminded);
    inv[p.expires_at] = time(invitation.expires);
    this.out.invitations.push(inv);

    this.answerRow(invitation, invitation.id, main, agent, true);
    if (invitation.answered === undefined) return;
    for (const answer of others)
      this.answerRow(invitation, `${invitation.id}:${answer.question}`, answer, agent, false);
  }

  private answerRow(
    invitation: Invitation,
    externalId: string,
    a: Answer,
    agent: string,
    own: boolean,
  ): void {
    const row = this.out.responses.emptyRow();
    const p = RESPONSE_POS;
    row[p.source] = OWN_SOURCE;
    row[p.external_id] = externalId;
    row[p.kind] = a.kind;
    row[p.scale_min] = String(a.min);
    row[p.scale_max] = String(a.max);
    row[p.score] = a.score === undefined ? '' : String(a.score);
    row[p.comment] = csvField(a.comment ?? '');
    row[p.dimension] = a.dimension ?? '';
    row[p.language] = invitation.language;
    row[p.contact_source] = invitation.contact ? SOURCE : '';
    row[p.contact_external_id] = invitation.contact;
    row[p.agent_id] = agent;
    row[p.customer_id] = invitation.customer?.id ?? '';
    // Only the invitation's own row carries sent_at: it alone counts in the response rates.
    row[p.sent_at] = own && invitation.sent !== undefined ? isoUtc(invitation.sent) : '';
    row[p.responded_at] = invitation.answered === undefined ? '' : isoUtc(invitation.answered);
    row[p.survey_id] = invitation.survey;
    row[p.survey_version] = '1';
    row[p.question_id] = a.question;
    row[p.invitation_id] = invitation.id;
    row[p.via] = invitation.via;
    row[p.source_label] = invitation.sourceLabel ?? '';
    row[p.location] = invitation.location ?? '';
    this.out.responses.push(row);
  }

  private async flushIfFull(): Promise<void> {
    if (this.out.responses.full) await this.out.responses.flush();
    if (this.out.invitations.full) await this.out.invitations.flush();
  }

  /**
   * After the contacts: answers that came without an invitation sent (public links, QR codes in
   * the shops, the help-centre widget), then the relationship waves.
   */
  async finish(): Promise<void> {
    for (let day = SWITCH_DAY; day <= LAST_DAY; day++) {
      this.publicDay(day);
      await this.flushIfFull();
    }
    for (const wave of DEMO_WAVES) await this.wave(wave.id, Date.parse(wave.sentAt) / 1000);
  }

  /** How many of something on a day, `perDay` a day in the 20,000-contact demo. */
  private count(perDay: number): number {
    const expected = perDay * this.scale;
    return Math.floor(expected) + (this.rng.chance(expected - Math.floor(expected)) ? 1 : 0);
  }

  private at(day: number, fromHour: number, toHour: number): number {
    return fromAmsterdam(day * DAY + Math.floor(this.rng.uniform(fromHour, toHour) * HOUR));
  }

  private publicLanguage(): CustomerLanguage {
    return this.rng.chance(0.78) ? 'nl' : 'en';
  }

  private publicDay(day: number): void {
    const r = this.rng;
    const weekday = isoWeekday(day);
    const places: { via: Via; sourceLabel?: string; location?: string; perDay: number }[] = [
      { via: 'public', sourceLabel: DEMO_PUBLIC_SOURCES[0], perDay: 0.5 },
      { via: 'public', sourceLabel: DEMO_PUBLIC_SOURCES[1], perDay: 0.7 },
      ...DEMO_SHOPS.map((location, i) => ({
        via: 'qr' as const,
        location,
        perDay: weekday === 7 ? 0 : i === 0 ? 0.9 : 0.5,
      })),
    ];
    for (const place of places) {
      for (let n = this.count(place.perDay); n > 0; n--) {
        const answered = place.via === 'qr' ? this.at(day, 10, 18) : this.at(day, 7, 23);
        const language = this.publicLanguage();
        const good = r.chance(place.via === 'qr' ? 0.86 : 0.72);
        const score = good ? (r.chance(0.6) ? 5 : 4) : ([1, 2, 3][r.weightedIndex([25, 25, 50])] ?? 3);
        const answers: Answer[] = [];
        if (r.chance(0.3)) {
          const tone: Tone = good ? 'positive' : r.chance(0.35) ? 'neutral' : 'negative';
          answers.push({
            question: 'comment',
            kind: 'custom',
            min: 0,
            max: 0,
            comment: r.pick(COMMENTS[language === 'nl' ? 'nl' : 'en'][tone]),
          });
        }
        this.write(
          {
            id: this.invitationId(),
            survey: POST_CONTACT_ID,
            via: place.via,
            language,
            customer: null,
            contact: '',
            ...(place.sourceLabel ? { sourceLabel: place.sourceLabel } : {}),
            ...(place.location ? { location: place.location } : {}),
            opened: answered,
            answered,
          },
          { question: '', kind: 'csat', min: 1, max: 5, score },
          answers,
          '',
        );
      }
    }
    const helpCentre: { via: Via; perDay: number }[] = [
      { via: 'widget', perDay: 6 },
      { via: 'public', perDay: 0.8 },
    ];
    for (const place of helpCentre) {
      for (let n = this.count(place.perDay); n > 0; n--) {
        const answered = this.at(day, 6, 24);
        const language = this.publicLanguage();
        const article = r.pick(HELP_CENTRE_ARTICLES);
        // Refunds and cancelling a sent order are what the articles answer worst.
        const helped = r.chance(
          article.endsWith('refunds') || article.endsWith('cancel-order') ? 0.45 : 0.78,
        );
        const answers: Answer[] = [];
        if (r.chance(0.55)) {
          const easy = helped ? 4 + r.weightedIndex([20, 30, 30, 20]) : 1 + r.weightedIndex([25, 25, 25, 25]);
          answers.push({
            question: 'findability',
            kind: 'ces',
            min: 1,
            max: 7,
            score: easy,
            dimension: 'findability',
          });
        }
        if (r.chance(0.2)) {
          const pool = HELP_CENTRE_COMMENTS[language];
          answers.push({
            question: 'comment',
            kind: 'custom',
            min: 0,
            max: 0,
            comment: r.pick(helped ? pool.helped : pool.not),
          });
        }
        this.write(
          {
            id: this.invitationId(),
            survey: HELP_CENTRE_ID,
            via: place.via,
            language,
            customer: null,
            contact: '',
            ...(place.via === 'widget' ? { pageUrl: article } : { sourceLabel: HELP_CENTRE_SOURCE }),
            opened: answered,
            answered,
          },
          { question: '', kind: 'helpful', min: 0, max: 1, score: helped ? 1 : 0 },
          answers,
          '',
        );
      }
    }
  }

  /** A quarterly wave: a quarter of the customers with an address and an earlier contact. */
  private async wave(waveId: string, start: number): Promise<void> {
    const r = this.rng;
    if (start >= HORIZON_T) return;
    let sending = start;
    for (const { customer, last, troubled } of this.known.values()) {
      if (last >= start || !r.chance(0.25)) continue;
      // Sent at the mailer's rate limit: five a second.
      sending += 0.2;
      const sent = Math.floor(sending);
      const responded = r.chance(0.32) ? sent + r.seconds(20 * HOUR, 1.4, 120) : undefined;
      const answered = responded !== undefined && responded < HORIZON_T ? responded : undefined;
      const invitation: Invitation = {
        id: this.invitationId(),
        survey: RELATIONSHIP_ID,
        via: 'wave',
        waveId,
        language: customer.language,
        customer,
        contact: '',
        sent,
        expires: sent + 28 * DAY,
      };
      this.deliver(invitation, answered, WAVE_REMINDER_HOURS, 0.02);
      const band = r.weightedIndex(troubled > 0 ? [25, 30, 45] : [52, 32, 16]);
      const nps =
        band === 0
          ? r.int(9, 10)
          : band === 1
            ? r.int(7, 8)
            : ([0, 1, 2, 3, 4, 5, 6][r.weightedIndex([3, 3, 5, 8, 12, 18, 25])] ?? 6);
      const answers: Answer[] = [];
      if (r.chance(0.5)) {
        const reasons = NPS_REASONS[customer.language];
        answers.push({
          question: 'reason',
          kind: 'custom',
          min: 0,
          max: 0,
          comment: r.pick(band === 2 ? reasons.detractor : reasons.promoter),
        });
      }
      if (r.chance(0.9)) {
        const stay = band === 0 ? 4 + r.int(0, 1) : band === 1 ? 3 + r.int(0, 1) : 1 + r.int(0, 2);
        answers.push({ question: 'stay', kind: 'stay', min: 1, max: 5, score: stay });
      }
      if (r.chance(0.9)) {
        const satisfied = band === 0 ? 4 + r.int(0, 1) : band === 1 ? 3 + r.int(0, 1) : 1 + r.int(0, 2);
        answers.push({ question: 'satisfaction', kind: 'satisfaction', min: 1, max: 5, score: satisfied });
      }
      this.write(
        invitation,
        { question: '', kind: 'nps', min: 0, max: 10, ...(answered !== undefined ? { score: nps } : {}) },
        answers,
        '',
      );
      await this.flushIfFull();
    }
  }
}
