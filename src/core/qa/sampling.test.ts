import { describe, expect, test } from 'vitest';
import type { Channel } from '../schema.js';
import {
  channelQuotas,
  planDraw,
  type SamplingCandidate,
  SamplingRule,
  samplingPeriod,
  seededRandom,
  shuffled,
} from './sampling.js';

describe('a sampling rule', () => {
  test('fills its defaults and refuses a rule without reviewers unless it is self-review', () => {
    const rule = SamplingRule.parse({ name: 'Weekly', reviewers: ['u-lead'] });
    expect(rule).toMatchObject({
      schedule: 'weekly',
      perAgent: 5,
      stratifyByChannel: true,
      dueDays: 7,
      selfReview: false,
      seed: null,
      filters: { channels: [], lowCsat: false, longHandle: null, newAgentDays: null, checks: [] },
    });
    const refused = SamplingRule.safeParse({ name: 'Nobody' });
    expect(refused.success).toBe(false);
    expect(refused.error?.issues[0]?.path).toEqual(['reviewers']);
    expect(SamplingRule.safeParse({ name: 'Self', selfReview: true }).success).toBe(true);
    expect(
      SamplingRule.safeParse({ name: 'x', reviewers: ['a'], filters: { channel: ['email'] } }).success,
    ).toBe(false);
  });
});

describe('the period of a draw', () => {
  test('is the previous full local day, or ISO week, in the team time zone', () => {
    // 00:30 in Amsterdam on Tuesday 3 March is still Monday 2 March in UTC.
    const now = new Date('2026-03-02T23:30:00Z');
    expect(samplingPeriod('daily', now, 'Europe/Amsterdam')).toEqual({
      period: '2026-03-02',
      from: new Date('2026-03-01T23:00:00Z'),
      to: new Date('2026-03-02T23:00:00Z'),
    });
    expect(samplingPeriod('daily', now, 'UTC')?.period).toBe('2026-03-01');
    expect(samplingPeriod('weekly', now, 'Europe/Amsterdam')).toEqual({
      period: '2026-W09',
      from: new Date('2026-02-22T23:00:00Z'),
      to: new Date('2026-03-01T23:00:00Z'),
    });
  });

  test('a named day or week is taken as it is; anything else is no period', () => {
    expect(samplingPeriod('daily', new Date(), 'UTC', '2026-W01')).toEqual({
      period: '2026-W01',
      from: new Date('2025-12-29T00:00:00Z'),
      to: new Date('2026-01-05T00:00:00Z'),
    });
    expect(samplingPeriod('weekly', new Date(), 'UTC', '2026-02-28')?.to).toEqual(
      new Date('2026-03-01T00:00:00Z'),
    );
    expect(samplingPeriod('weekly', new Date(), 'UTC', '2025-W53')).toBeNull();
    expect(samplingPeriod('weekly', new Date(), 'UTC', '2026-W53')?.from).toEqual(
      new Date('2026-12-28T00:00:00Z'),
    );
    expect(samplingPeriod('weekly', new Date(), 'UTC', '2020-W53')?.period).toBe('2020-W53');
    expect(samplingPeriod('daily', new Date(), 'UTC', '2026-02-30')).toBeNull();
    expect(samplingPeriod('daily', new Date(), 'UTC', 'last week')).toBeNull();
  });
});

describe('the seeded shuffle', () => {
  test('the same seed gives the same order, another seed another', () => {
    const items = Array.from({ length: 30 }, (_, i) => i);
    expect(shuffled(items, seededRandom('r1:2026-W10'))).toEqual(
      shuffled(items, seededRandom('r1:2026-W10')),
    );
    expect(shuffled(items, seededRandom('r1:2026-W10'))).not.toEqual(
      shuffled(items, seededRandom('r1:2026-W11')),
    );
    expect([...shuffled(items, seededRandom('x'))].sort((a, b) => a - b)).toEqual(items);
  });
});

describe('channel quotas', () => {
  const weights = (entries: [Channel, number][]) => new Map(entries);

  test('are proportional to the contacts handled, each channel at least once', () => {
    const handled = weights([
      ['email', 6],
      ['chat', 3],
      ['phone', 1],
    ]);
    expect(Object.fromEntries(channelQuotas(10, handled))).toEqual({ email: 6, chat: 3, phone: 1 });
    // 5 × 0.1 = 0.5 for phone: still one.
    expect(Object.fromEntries(channelQuotas(5, handled))).toEqual({ email: 3, chat: 1, phone: 1 });
    expect(
      Object.fromEntries(
        channelQuotas(
          3,
          weights([
            ['email', 98],
            ['chat', 1],
            ['phone', 1],
          ]),
        ),
      ),
    ).toEqual({
      email: 1,
      chat: 1,
      phone: 1,
    });
  });

  test('with fewer picks than channels the busiest channels get one each', () => {
    const handled = weights([
      ['chat', 3],
      ['email', 6],
      ['phone', 1],
    ]);
    expect(Object.fromEntries(channelQuotas(2, handled))).toEqual({ email: 1, chat: 1 });
    expect(channelQuotas(0, handled).size).toBe(0);
  });
});

interface Contact extends SamplingCandidate {}

function contacts(agentId: string, channel: Channel, count: number, from = 0): Contact[] {
  return Array.from({ length: count }, (_, i) => ({
    contactKey: `h|${agentId}-${channel}-${String(from + i).padStart(3, '0')}`,
    agentId,
    channel,
  }));
}

describe('the draw', () => {
  const candidates = [
    ...contacts('ann', 'email', 12),
    ...contacts('ann', 'chat', 6),
    ...contacts('ann', 'phone', 2),
    ...contacts('bob', 'email', 10),
  ];
  const handled = new Map([
    [
      'ann',
      new Map<Channel, number>([
        ['email', 12],
        ['chat', 6],
        ['phone', 2],
      ]),
    ],
    ['bob', new Map<Channel, number>([['email', 10]])],
  ]);
  const input = {
    candidates,
    wanted: new Map([
      ['ann', 10],
      ['bob', 4],
    ]),
    handled,
    stratifyByChannel: true,
    seed: 'rule-1:2026-W10',
    reviewers: [
      { userId: 'u-lead', agentId: null, open: 3 },
      { userId: 'u-ann', agentId: 'ann', open: 0 },
      { userId: 'u-qa', agentId: null, open: 0 },
    ],
    selfReviewers: null,
  };

  test('is reproducible: the same seed and candidates in any order draw the same', () => {
    const first = planDraw(input);
    const again = planDraw({ ...input, candidates: [...candidates].reverse() });
    expect(again).toEqual(first);
    const other = planDraw({ ...input, seed: 'rule-1:2026-W11' });
    expect(other.picks.map((p) => p.candidate.contactKey)).not.toEqual(
      first.picks.map((p) => p.candidate.contactKey),
    );
  });

  test('keeps its stratification promise and draws no contact twice', () => {
    const { picks } = planDraw({ ...input, candidates: [...candidates, ...candidates] });
    const keys = picks.map((p) => p.candidate.contactKey);
    expect(new Set(keys).size).toBe(keys.length);
    const ann = picks.filter((p) => p.candidate.agentId === 'ann').map((p) => p.candidate.channel);
    // 10 picks over 12 : 6 : 2 handled → 6 : 3 : 1.
    expect(ann.filter((c) => c === 'email')).toHaveLength(6);
    expect(ann.filter((c) => c === 'chat')).toHaveLength(3);
    expect(ann.filter((c) => c === 'phone')).toHaveLength(1);
    expect(picks.filter((p) => p.candidate.agentId === 'bob')).toHaveLength(4);
  });

  test('a channel short of candidates leaves its picks to the others', () => {
    const { picks } = planDraw({
      ...input,
      candidates: candidates.filter((c) => c.channel !== 'phone'),
      wanted: new Map([['ann', 10]]),
    });
    expect(picks).toHaveLength(10);
    expect(picks.every((p) => p.candidate.channel !== 'phone')).toBe(true);
  });

  test('balances the reviewers by open assignments and never gives agents their own contacts', () => {
    const { picks, unassigned } = planDraw(input);
    expect(unassigned).toBe(0);
    const count = (id: string) => picks.filter((p) => p.reviewerId === id).length;
    // 14 picks; open before: lead 3, ann 0, qa 0. Ann reviews only Bob's four.
    expect(picks.filter((p) => p.candidate.agentId === 'ann').every((p) => p.reviewerId !== 'u-ann')).toBe(
      true,
    );
    expect(count('u-lead') + count('u-ann') + count('u-qa')).toBe(14);
    const finalOpen = [3 + count('u-lead'), count('u-ann'), count('u-qa')];
    expect(Math.max(...finalOpen) - Math.min(...finalOpen)).toBeLessThanOrEqual(3);
    expect(count('u-ann')).toBe(4);
  });

  test('self-review gives each agent their own contacts; an agent who is no user is left unassigned', () => {
    const { picks, unassigned } = planDraw({ ...input, selfReviewers: new Map([['ann', 'u-ann']]) });
    expect(picks.every((p) => p.reviewerId === 'u-ann' && p.candidate.agentId === 'ann')).toBe(true);
    expect(picks).toHaveLength(10);
    expect(unassigned).toBe(4);
  });

  test('without stratification the picks follow the shuffle alone', () => {
    const { picks } = planDraw({ ...input, stratifyByChannel: false, wanted: new Map([['ann', 20]]) });
    expect(picks).toHaveLength(20);
  });
});
