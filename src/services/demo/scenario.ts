/**
 * The demo scenario as data: a Dutch webshop's customer-service team over 26 weeks of 2026.
 * Everything here is fixed; `generate.ts` turns it into contacts, events and survey answers.
 */
import type { WeeklyInterval } from './time.js';

/** Contacts are created on these Amsterdam dates (inclusive). */
export const PERIOD_FIRST_DAY = '2026-01-05';
export const PERIOD_LAST_DAY = '2026-06-28';
/** Nothing happens at or after this instant (UTC). */
export const HORIZON = '2026-07-15T00:00:00Z';
export const SOURCE = 'demo';
/** The relationship-NPS tool is a separate system; its rows point at contacts through contact_source. */
export const NPS_SOURCE = 'demo-nps';
export const TIMEZONE = 'Europe/Amsterdam';

export interface CalendarDef {
  id: string;
  name: string;
  isDefault: boolean;
  intervals: readonly WeeklyInterval[];
}

const weekdays = (start: string, end: string): WeeklyInterval[] =>
  [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start, end }));

export const CALENDARS: readonly CalendarDef[] = [
  {
    id: 'webshop',
    name: 'Webshop customer service',
    isDefault: true,
    intervals: [
      ...weekdays('08:30', '12:30'),
      ...weekdays('13:00', '17:30'),
      { weekday: 6, start: '10:00', end: '14:00' },
    ].sort((x, y) => x.weekday - y.weekday || x.start.localeCompare(y.start)),
  },
  {
    id: 'phone-late',
    name: 'Phone line with late opening and Friday-night hotline',
    isDefault: false,
    intervals: [...weekdays('08:00', '20:00'), { weekday: 5, start: '22:00', end: '02:00' }].sort(
      (x, y) => x.weekday - y.weekday || x.start.localeCompare(y.start),
    ),
  },
];

export const HOLIDAYS: readonly { date: string; name: string }[] = [
  { date: '2026-04-05', name: 'Easter Sunday (Eerste Paasdag)' },
  { date: '2026-04-06', name: 'Easter Monday (Tweede Paasdag)' },
  { date: '2026-04-27', name: "King's Day (Koningsdag)" },
  { date: '2026-05-05', name: 'Liberation Day (Bevrijdingsdag)' },
  { date: '2026-05-14', name: 'Ascension Day (Hemelvaartsdag)' },
  { date: '2026-05-25', name: 'Whit Monday (Tweede Pinksterdag)' },
];

export type TeamId = 'orders' | 'returns' | 'phone';

export interface TeamDef {
  id: TeamId;
  name: string;
  /** Empty: the team uses the default calendar. */
  calendarId: string;
}

export const TEAMS: readonly TeamDef[] = [
  { id: 'orders', name: 'Orders & delivery', calendarId: '' },
  { id: 'returns', name: 'Returns & billing', calendarId: '' },
  { id: 'phone', name: 'Phone', calendarId: 'phone-late' },
];

export interface AgentDef {
  id: string;
  name: string;
  team: TeamId;
  startedOn: string;
  /** Median business seconds to a first e-mail reply once assigned. */
  frtMedian: number;
  /** Probability of a 4 or 5 on CSAT before penalties. */
  topBox: number;
  /** Probability that a solved contact is reopened by the customer. */
  reopen: number;
  /** Multiplier on talk / chat duration. */
  pace: number;
}

const H = 3600;

export const AGENTS: readonly AgentDef[] = [
  // Orders & delivery. The first agent of every team is its team lead (takes escalations).
  {
    id: 'sanne',
    name: 'Sanne de Vries',
    team: 'orders',
    startedOn: '2019-03-01',
    frtMedian: 1.3 * H,
    topBox: 0.93,
    reopen: 0.06,
    pace: 0.95,
  },
  {
    id: 'daan',
    name: 'Daan Bakker',
    team: 'orders',
    startedOn: '2021-09-13',
    frtMedian: 1.5 * H,
    topBox: 0.92,
    reopen: 0.06,
    pace: 1,
  },
  {
    id: 'lotte',
    name: 'Lotte Jansen',
    team: 'orders',
    startedOn: '2023-02-06',
    frtMedian: 1.6 * H,
    topBox: 0.92,
    reopen: 0.065,
    pace: 1.05,
  },
  // The under-performer: slow first replies, low CSAT, more reopens.
  {
    id: 'ruben',
    name: 'Ruben Smit',
    team: 'orders',
    startedOn: '2024-05-21',
    frtMedian: 3.8 * H,
    topBox: 0.6,
    reopen: 0.13,
    pace: 1.1,
  },
  // Returns & billing.
  {
    id: 'emma',
    name: 'Emma Visser',
    team: 'returns',
    startedOn: '2018-11-05',
    frtMedian: 1.4 * H,
    topBox: 0.93,
    reopen: 0.06,
    pace: 0.95,
  },
  {
    id: 'thomas',
    name: 'Thomas Meijer',
    team: 'returns',
    startedOn: '2022-01-10',
    frtMedian: 1.6 * H,
    topBox: 0.92,
    reopen: 0.065,
    pace: 1,
  },
  {
    id: 'fleur',
    name: 'Fleur de Boer',
    team: 'returns',
    startedOn: '2024-09-02',
    frtMedian: 1.7 * H,
    topBox: 0.92,
    reopen: 0.06,
    pace: 1.05,
  },
  // The new agent: starts three weeks before the end of the period.
  {
    id: 'noah',
    name: 'Noah Kuipers',
    team: 'returns',
    startedOn: '2026-06-08',
    frtMedian: 1.8 * H,
    topBox: 0.8,
    reopen: 0.07,
    pace: 1.2,
  },
  // Phone.
  {
    id: 'julia',
    name: 'Julia Hendriks',
    team: 'phone',
    startedOn: '2017-06-12',
    frtMedian: 1.5 * H,
    topBox: 0.92,
    reopen: 0.04,
    pace: 0.9,
  },
  {
    id: 'bram',
    name: 'Bram Peters',
    team: 'phone',
    startedOn: '2020-04-01',
    frtMedian: 1.5 * H,
    topBox: 0.92,
    reopen: 0.045,
    pace: 1,
  },
  {
    id: 'sophie',
    name: 'Sophie van Dijk',
    team: 'phone',
    startedOn: '2022-10-17',
    frtMedian: 1.5 * H,
    topBox: 0.92,
    reopen: 0.045,
    pace: 1.05,
  },
  {
    id: 'lucas',
    name: 'Lucas Bos',
    team: 'phone',
    startedOn: '2025-03-03',
    frtMedian: 1.5 * H,
    topBox: 0.91,
    reopen: 0.06,
    pace: 1.1,
  },
];

export const UNDER_PERFORMER_ID = 'ruben';
export const NEW_AGENT_ID = 'noah';

export function agentEmail(agent: AgentDef): string {
  const local = agent.name
    .toLowerCase()
    .replace(/\s+/g, '.')
    .replace(/[^a-z.]/g, '');
  return `${local}@webshop.example`;
}

export interface TargetDef {
  metric: 'frt' | 'service_level' | 'short_abandon';
  channel: 'email' | 'chat' | 'phone' | 'social';
  seconds: number;
  hours: 'business' | 'calendar';
}

export const TARGETS: readonly TargetDef[] = [
  { metric: 'frt', channel: 'email', seconds: 3600, hours: 'business' },
  { metric: 'frt', channel: 'chat', seconds: 30, hours: 'business' },
  { metric: 'frt', channel: 'phone', seconds: 20, hours: 'business' },
  { metric: 'frt', channel: 'social', seconds: 3600, hours: 'business' },
  { metric: 'service_level', channel: 'phone', seconds: 20, hours: 'calendar' },
  { metric: 'service_level', channel: 'chat', seconds: 30, hours: 'calendar' },
  { metric: 'short_abandon', channel: 'phone', seconds: 5, hours: 'calendar' },
  { metric: 'short_abandon', channel: 'chat', seconds: 5, hours: 'calendar' },
];

export type DemoChannel = 'email' | 'chat' | 'phone' | 'social';
export const DEMO_CHANNELS: readonly DemoChannel[] = ['email', 'chat', 'phone', 'social'];
/** Share of all contacts per channel. */
export const CHANNEL_SHARE: Record<DemoChannel, number> = {
  email: 0.4,
  chat: 0.28,
  phone: 0.25,
  social: 0.07,
};

export type Topic = 'delivery' | 'returns' | 'payment' | 'product question' | 'account' | 'complaint';
export const TOPICS: readonly Topic[] = [
  'delivery',
  'returns',
  'payment',
  'product question',
  'account',
  'complaint',
];

/** Base topic mix per channel, in the order of TOPICS. */
export const TOPIC_WEIGHTS: Record<DemoChannel, readonly number[]> = {
  email: [30, 22, 13, 17, 8, 10],
  chat: [28, 20, 12, 26, 9, 5],
  phone: [30, 18, 14, 18, 10, 10],
  social: [40, 10, 5, 20, 5, 20],
};

/** Topics handled by the Returns & billing team (on e-mail and chat). */
export const RETURNS_TEAM_TOPICS: ReadonlySet<Topic> = new Set<Topic>(['returns', 'payment']);

/** Priority weights low, normal, high, urgent per topic. */
export const PRIORITY_WEIGHTS: Record<Topic, readonly number[]> = {
  delivery: [10, 70, 17, 3],
  returns: [25, 65, 9, 1],
  payment: [10, 65, 20, 5],
  'product question': [35, 60, 5, 0],
  account: [20, 65, 12, 3],
  complaint: [0, 40, 40, 20],
};
export const PRIORITY_NAMES = ['low', 'normal', 'high', 'urgent'] as const;
/** Multiplier on the first-reply delay per priority. */
export const PRIORITY_SPEED = [1.3, 1, 0.7, 0.4] as const;

export const TOPIC_TAGS: Record<Topic, readonly string[]> = {
  delivery: ['postnl', 'dhl', 'dpd', 'late', 'track-and-trace', 'damaged'],
  returns: ['return-label', 'exchange', 'refund', 'wrong-size'],
  payment: ['ideal', 'klarna', 'creditcard', 'invoice', 'double-charge'],
  'product question': ['stock', 'sizing', 'warranty', 'specs'],
  account: ['login', 'gdpr', 'newsletter', 'address-change'],
  complaint: ['complaint', 'compensation', 'manager'],
};
export const GENERIC_TAGS: readonly string[] = ['vip', 'app', 'ios', 'android', 'first-order', 'b2b'];

/** Subject lines per topic; some contain commas and quotes on purpose (CSV quoting). */
export const SUBJECTS: Record<Topic, { nl: readonly string[]; en: readonly string[] }> = {
  delivery: {
    nl: [
      'Waar blijft mijn bestelling?',
      'Pakket niet ontvangen, wel "bezorgd" volgens track & trace',
      'Bezorging vertraagd',
      'Verkeerd adres opgegeven, kan dit nog worden aangepast?',
      'Pakket beschadigd aangekomen',
    ],
    en: ['Where is my order?', 'Parcel marked "delivered" but not received', 'Delivery delayed, again'],
  },
  returns: {
    nl: [
      'Retour aanmelden',
      'Retourlabel werkt niet',
      'Ruilen voor een andere maat',
      'Wanneer krijg ik mijn geld terug?',
      'Retour ontvangen, maar nog geen terugbetaling',
    ],
    en: ['Return request', 'Return label not working', 'Exchange for a different size'],
  },
  payment: {
    nl: [
      'Dubbel afgeschreven',
      'Factuur klopt niet',
      'Betaling via iDEAL mislukt, bestelling wel geplaatst',
      'Klarna-betaling',
    ],
    en: ['Charged twice', 'Invoice is wrong', 'Payment failed but order placed'],
  },
  'product question': {
    nl: [
      'Vraag over maatvoering',
      'Is dit product weer op voorraad?',
      'Garantie op mijn koptelefoon',
      'Vraag over product',
    ],
    en: ['Question about sizing', 'Back in stock?', 'Warranty question', 'Is the "Pro" model waterproof?'],
  },
  account: {
    nl: ['Kan niet inloggen', 'Account verwijderen', 'E-mailadres wijzigen', 'Nieuwsbrief afmelden'],
    en: ['Cannot log in', 'Delete my account', 'Change e-mail address'],
  },
  complaint: {
    nl: [
      'Klacht over bezorger',
      'Zeer ontevreden over de service',
      'Klacht: derde keer contact, nog steeds niet opgelost',
    ],
    en: [
      'Complaint about the courier',
      'Very unhappy with your service',
      'Complaint, third time contacting you',
    ],
  },
};

export const COMMENTS = {
  nl: {
    positive: [
      'Snel en vriendelijk geholpen, dank!',
      'Top service.',
      'Binnen een uur antwoord, heel fijn.',
      'Duidelijke uitleg, probleem opgelost.',
      'Prima geholpen door "de medewerker van de klantenservice", bedankt',
    ],
    neutral: [
      'Het duurde wat lang, maar uiteindelijk opgelost.',
      'Redelijk.',
      'Oké, maar ik moest twee keer mailen.',
    ],
    negative: [
      'Veel te lang moeten wachten op antwoord.',
      'Probleem is nog steeds niet opgelost!',
      'Ik moest drie keer bellen, en elke keer een ander verhaal.',
      'Slechte service.\nIk bestel hier niet meer.',
    ],
  },
  en: {
    positive: ['Quick and friendly, thanks!', 'Great service.', 'Problem solved within the hour, well done.'],
    neutral: ['Took a while, but sorted in the end.', 'OK, though I had to explain it twice.'],
    negative: [
      'Waited far too long for a reply.',
      'Still not solved, very disappointing.',
      'Nobody reads my e-mails, "customer service" my foot.',
      'Terrible.\nThree calls, three different answers.',
    ],
  },
} as const;

export const CHAT_QUEUES: Record<'orders' | 'returns', string> = {
  orders: 'chat-orders',
  returns: 'chat-returns',
};
export const PHONE_QUEUES = { nl: 'phone-nl', en: 'phone-en' } as const;
