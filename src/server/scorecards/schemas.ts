/** Agent scorecards. Shared pieces are in ../schemas.ts. */
import { z } from '@hono/zod-openapi';
import { KpiValue, localDate, Notice, timezone } from '../schemas.js';

export const ScorecardQuery = z
  .object({
    from: localDate.optional(),
    to: localDate.optional(),
    timezone: timezone.default('UTC'),
    /** Comma-separated KPI ids; a default set when omitted. */
    kpis: z.string().optional().openapi({ example: 'frt,csat,fcr_rate' }),
    team: z.string().optional(),
  })
  .openapi('ScorecardQuery');
export type ScorecardQuery = z.infer<typeof ScorecardQuery>;

export const Coaching = z
  .object({
    /** The difference with the rest of the team is statistically clear and in the worse direction. */
    candidate: z.boolean(),
    direction: z.enum(['better', 'worse']).nullable(),
    /** Why, in English; the fields of `value.comparison` hold the numbers for other languages. */
    reason: z.string().nullable(),
  })
  .openapi('Coaching');
export type Coaching = z.infer<typeof Coaching>;

export const ScorecardKpi = z
  .object({
    kpi: z.string(),
    /** The agent's value, with `comparison` against the rest of their team. */
    value: KpiValue,
    /**
     * The rest of the agent's team on the statistic shown (what `value.comparison` is against): the
     * contacts the other agents of the team handled; `agents` says how many colleagues it covers.
     * Null without a comparison; always withheld on an agent's own card.
     */
    rest: KpiValue.nullable(),
    /**
     * The team's value: the contacts of the agent's team, whoever handled them (so not the agent plus
     * the rest); `agents` says how many distinct agents it covers.
     */
    team: KpiValue.nullable(),
    coaching: Coaching,
  })
  .openapi('ScorecardKpi');
export type ScorecardKpi = z.infer<typeof ScorecardKpi>;

export const Scorecard = z
  .object({
    agent: z.object({
      id: z.string(),
      name: z.string().nullable(),
      teamId: z.string().nullable(),
      teamName: z.string().nullable(),
    }),
    range: z.object({ from: z.string(), to: z.string(), timezone: z.string() }),
    kpis: z.array(ScorecardKpi),
    coachingCandidate: z.boolean(),
    notices: z.array(Notice),
    notes: z.array(z.string()).describe('the notices in English'),
  })
  .openapi('Scorecard');
export type Scorecard = z.infer<typeof Scorecard>;

export const ScorecardList = z
  .object({
    range: z.object({ from: z.string(), to: z.string(), timezone: z.string() }),
    kpis: z.array(z.string()),
    agents: z.array(Scorecard),
    notices: z.array(Notice),
    notes: z.array(z.string()).describe('the notices in English'),
  })
  .openapi('ScorecardList');
export type ScorecardList = z.infer<typeof ScorecardList>;

export const AgentParam = z.object({
  agent: z
    .string()
    .min(1)
    .openapi({ param: { name: 'agent', in: 'path' }, example: 'ann' }),
});
