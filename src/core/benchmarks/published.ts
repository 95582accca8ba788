import { type Benchmark, PUBLISHED_PREFIX } from './benchmark.js';

type PublishedFigure = Omit<Benchmark, 'id' | 'kind' | 'origin'> & { slug: string };

const ZENDESK_2015 = {
  name: 'Zendesk',
  year: 2015,
  industry: null,
  region: null,
  source:
    'Zendesk Benchmark, Q1 2015 (press release “Zendesk Benchmark: Live Chat Drives Highest Customer Satisfaction”, 20 May 2015)',
  sourceUrl:
    'https://www.zendesk.com/company/press/zendesk-benchmark-live-chat-drives-highest-customer-satisfaction/',
  note: 'Share of “good” among good/bad ratings of Zendesk customers’ tickets: a chat is rated at its end, other channels through an e-mail survey after the ticket is solved.',
} as const;

const TALKDESK_2015 = {
  name: 'Talkdesk',
  year: 2015,
  region: null,
  channel: 'phone',
  source:
    'Talkdesk, “Call Center KPI Benchmarks by Industry” (survey of Talkdesk’s top customers at the end of 2015)',
  sourceUrl: 'https://www.talkdesk.com/resources/infographics/call-center-benchmarks-industry',
} as const;

const ABANDONMENT_NOTE =
  'Share of calls disconnected before the caller was routed to an agent, averaged over the surveyed call centers.';

/**
 * Published customer-service figures that come with servicemeter, each with its publisher, report,
 * year and address. They are dated: a figure describes its year, not today.
 */
const FIGURES: readonly PublishedFigure[] = [
  { ...ZENDESK_2015, slug: 'zendesk-2015-csat-chat', kpiId: 'csat', value: 0.92, channel: 'chat' },
  { ...ZENDESK_2015, slug: 'zendesk-2015-csat-phone', kpiId: 'csat', value: 0.88, channel: 'phone' },
  { ...ZENDESK_2015, slug: 'zendesk-2015-csat-email', kpiId: 'csat', value: 0.85, channel: 'email' },
  { ...ZENDESK_2015, slug: 'zendesk-2015-csat-web-form', kpiId: 'csat', value: 0.85, channel: 'web_form' },
  {
    slug: 'zendesk-2015-frt-chat',
    kpiId: 'frt',
    value: 96,
    name: 'Zendesk',
    year: 2015,
    industry: null,
    region: null,
    channel: 'chat',
    source: 'The Zendesk Customer Service Benchmark, Q1 2015: In Focus: Live Chat',
    sourceUrl: 'https://www.zendesk.com/resources/customer-service-benchmark',
    note: 'A typical company in the benchmark responds to a chat within 1 minute 36 seconds (time to first reply).',
  },
  {
    ...TALKDESK_2015,
    slug: 'talkdesk-2015-abandonment',
    kpiId: 'abandonment_rate',
    value: 0.12,
    industry: null,
    note: ABANDONMENT_NOTE,
  },
  {
    ...TALKDESK_2015,
    slug: 'talkdesk-2015-abandonment-software',
    kpiId: 'abandonment_rate',
    value: 0.15,
    industry: 'software',
    note: `${ABANDONMENT_NOTE} Industry “Software & Internet”.`,
  },
  {
    ...TALKDESK_2015,
    slug: 'talkdesk-2015-abandonment-retail',
    kpiId: 'abandonment_rate',
    value: 0.12,
    industry: 'retail',
    note: `${ABANDONMENT_NOTE} Industry “Retail”.`,
  },
  {
    ...TALKDESK_2015,
    slug: 'talkdesk-2015-abandonment-financial-services',
    kpiId: 'abandonment_rate',
    value: 0.16,
    industry: 'financial services',
    note: `${ABANDONMENT_NOTE} Industry “Financial Services”.`,
  },
  {
    ...TALKDESK_2015,
    slug: 'talkdesk-2015-asa',
    kpiId: 'asa',
    value: 4.3,
    industry: null,
    note: 'Average time the agent took to answer inbound calls, as Talkdesk reports it; it does not include the time in queue (3.4 seconds on average in the same survey).',
  },
  {
    slug: 'livechat-2017-csat-chat',
    kpiId: 'csat',
    value: 0.8354,
    name: 'LiveChat',
    year: 2017,
    industry: null,
    region: null,
    channel: 'chat',
    source: 'LiveChat Customer Service Report 2018 (data of 2017 from over 21 thousand companies)',
    sourceUrl:
      'https://www.livechat.com/press/company-news/its-here-the-livechat-customer-service-report-2018/',
    note: 'Average share of chats rated good by customers of companies using LiveChat (thumbs up or down after a chat).',
  },
  {
    slug: 'comm100-2017-csat-chat',
    kpiId: 'csat',
    value: 0.8068,
    name: 'Comm100',
    year: 2017,
    industry: null,
    region: null,
    channel: 'chat',
    source: 'Comm100 Live Chat Benchmark Report 2018 (data of 2017)',
    sourceUrl: 'https://www.comm100.com/resources/report/live-chat-benchmark-report-2018/key-trends/',
    note: 'Customer satisfaction rate of chats on Comm100, down from 84.06% in 2016.',
  },
];

export const PUBLISHED_BENCHMARKS: readonly Benchmark[] = FIGURES.map(({ slug, ...figure }) => ({
  ...figure,
  id: `${PUBLISHED_PREFIX}${slug}`,
  kind: 'published',
  origin: 'shipped',
}));
