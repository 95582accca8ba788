/**
 * A quality scorecard as data: categories with a rating scale, a weight, a critical flag, groups,
 * the root causes a reviewer may pick on a low score, and what the scorecard applies to. Like a
 * survey, a changed scorecard is its next version; a review keeps the version it was given with,
 * and its ratings carry scale, weight and critical flag (qa_ratings), so it scores the same later.
 */
import { z } from 'zod';
import { CHANNELS, QA_CRITICAL_SCOPES, QA_ROOT_CAUSES } from '../schema.js';
import { QA_SCALES } from './scale.js';

export { QA_SCALES, type QaScale, scaleRange } from './scale.js';

export const SCORECARD_STATUSES = ['draft', 'active', 'archived'] as const;
export type ScorecardStatus = (typeof SCORECARD_STATUSES)[number];

const SLUG = /^[a-z][a-z0-9_]{0,39}$/;
const Slug = z.string().regex(SLUG, 'lower-case letters, digits and _, starting with a letter');

export const ScorecardCategory = z.object({
  id: Slug,
  name: z.string().min(1).max(120),
  /** What the reviewer checks, shown beside the rating. */
  description: z.string().max(2000).default(''),
  scale: z.enum(QA_SCALES).default('1-5'),
  weight: z.number().min(0).max(100).default(1),
  /** The reviewer may mark it not applicable (it then counts in no score). */
  allowNotApplicable: z.boolean().default(true),
  critical: z.boolean().default(false),
  /** Share of the scale a critical category must reach, 0–1. */
  passMark: z.number().min(0).max(1).default(0.5),
  group: Slug.optional(),
  /**
   * The brand guide or knowledge-base article the category checks. Web addresses only: a link is
   * rendered as a link by every API consumer, and a `javascript:` or `data:` one would run there.
   */
  link: z
    .string()
    .url()
    .max(2000)
    .refine((url) => /^https?:\/\//i.test(url), 'must be an http:// or https:// address')
    .optional(),
});
export type ScorecardCategory = z.infer<typeof ScorecardCategory>;

export const ScorecardGroup = z.object({ id: Slug, name: z.string().min(1).max(120) });

export const ScorecardDefinition = z
  .object({
    name: z.string().min(1).max(120),
    description: z.string().max(2000).default(''),
    categories: z.array(ScorecardCategory).min(1).max(60),
    groups: z.array(ScorecardGroup).max(20).default([]),
    /** A review passes at this share of its maximum, 0–1. */
    passMark: z.number().min(0).max(1).default(0.8),
    /** What a failed critical category fails. */
    criticalScope: z.enum(QA_CRITICAL_SCOPES).default('review'),
    /** The root causes a reviewer may pick on a low score. */
    rootCauses: z.array(z.enum(QA_ROOT_CAUSES)).default([...QA_ROOT_CAUSES]),
    /** Where it applies; empty = every channel, every team. */
    channels: z.array(z.enum(CHANNELS)).default([]),
    teams: z.array(z.string().min(1).max(120)).default([]),
  })
  .superRefine((d, ctx) => {
    const ids = new Set<string>();
    d.categories.forEach((c, i) => {
      if (ids.has(c.id))
        ctx.addIssue({ code: 'custom', path: ['categories', i, 'id'], message: `category ${c.id} twice` });
      ids.add(c.id);
      if (c.group !== undefined && !d.groups.some((g) => g.id === c.group))
        ctx.addIssue({ code: 'custom', path: ['categories', i, 'group'], message: `no group ${c.group}` });
    });
    if (!d.categories.some((c) => c.weight > 0))
      ctx.addIssue({
        code: 'custom',
        path: ['categories'],
        message: 'at least one category must weigh more than 0',
      });
  });
export type ScorecardDefinition = z.infer<typeof ScorecardDefinition>;
export type ScorecardDefinitionInput = z.input<typeof ScorecardDefinition>;

/** One category's rating in a review: the point picked, or null for not applicable. */
export interface CategoryRating {
  categoryId: string;
  rating: number | null;
  comment?: string | null;
  quote?: string | null;
  rootCauses?: readonly string[];
}
