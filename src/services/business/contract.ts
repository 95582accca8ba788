/**
 * The business capability's shared types: what the facts, the views and the settings hand each
 * other, and what the server, the command line and the dashboard show. Kept apart so that every
 * layer names the same. Every amount is in the reporting currency (`BusinessSettings`).
 */

import type { Interval } from '../../core/stats.js';

/** Who is asking: the signed-in user, with the agent they are (agents only). */
export interface BusinessActor {
  userId: string;
  role: 'admin' | 'manager' | 'agent' | 'viewer' | 'finance';
  agentId: string | null;
}

/**
 * Roles that see money: costs, payroll, revenue, margin, lifetime value and per-person money
 * figures. Managers see money totals per team (never per agent); viewers and agents see none.
 */
export const MONEY_ROLES = ['admin', 'finance'] as const;

export type BusinessProblem =
  | { kind: 'invalid'; issues: { path: string; message: string }[] }
  | { kind: 'forbidden'; reason: string };

/** What a team sets once (business_settings, one JSON value per key); every field has a default. */
export interface BusinessSettings {
  /**
   * ISO 4217 code every amount is converted into. Null: the one currency of the data when there is
   * only one; with several, the one without exchange rates, else the most used (the others need rates).
   */
  reportingCurrency: string | null;
  /** A customer with no order and no contact for this many days has lapsed (churned). Default 365. */
  churnAfterDays: number;
  /** An order of the same customer within this many days after a contact's creation converts it. Default 7. */
  conversionDays: number;
  /** Agents employed for fewer days than this are new. Default 90. */
  newAgentDays: number;
  /**
   * Margin as a share of revenue for orders without a cost of goods. Null (default): such orders
   * have no margin, and margin figures say how many orders they leave out.
   */
  defaultMarginShare: number | null;
}

export const DEFAULT_BUSINESS_SETTINGS: BusinessSettings = {
  reportingCurrency: null,
  churnAfterDays: 365,
  conversionDays: 7,
  newAgentDays: 90,
  defaultMarginShare: null,
};

/** Something the facts left out or could not do, e.g. amounts in a currency without a rate. */
export interface BusinessNotice {
  kind: 'missing_rate' | 'no_reporting_currency' | 'missing_margin' | 'unknown_customer' | 'no_costs';
  message: string;
  rowsLeftOut: number;
}

/** What a view is asked for: a UTC range of days (from inclusive, to exclusive) and filters. */
export interface BusinessRange {
  from: string;
  to: string;
  segment?: string[];
  acquisitionChannel?: string[];
  team?: string[];
}

/** Retention by monthly cohort of new customers: the heatmap of the Business page. */
export interface RetentionCohortsView {
  /** Months of first_seen_at, `YYYY-MM`, oldest first. */
  cohorts: {
    cohort: string;
    size: number;
    /** Month 0 is the cohort's own month; a month still to come is absent. */
    months: { offset: number; retained: number; share: number; interval: Interval | null }[];
  }[];
  /** How many months after the cohort's a customer counts as retained: not churned by the month's end. */
  method: string;
}

export type Handling = 'first_contact' | 'later' | 'unresolved' | 'no_contact';
export const HANDLINGS: readonly Handling[] = ['first_contact', 'later', 'unresolved', 'no_contact'];

/** Lifetime value of customers by how their problems were handled; money roles only. */
export interface ClvView {
  currency: string | null;
  method: string;
  groups: {
    handling: Handling;
    customers: number;
    meanClv: number | null;
    interval: Interval | null;
    /** Against first_contact: this group's mean − first_contact's, with a Welch interval. */
    difference: { value: number; interval: Interval | null } | null;
  }[];
  /** The cohort method: mean margin per customer of each monthly cohort, cumulated month by month. */
  cohorts: { cohort: string; size: number; cumulative: { offset: number; meanMargin: number }[] }[];
  notices: BusinessNotice[];
}

/** Conversion after contact per channel, team or agent, against comparable customers without one. */
export interface ConversionView {
  by: 'channel' | 'team' | 'agent';
  conversionDays: number;
  method: string;
  rows: {
    key: string;
    label: string;
    contacts: number;
    converted: number;
    rate: number | null;
    interval: Interval | null;
  }[];
  /** Customers without a contact in the same days, of the same segments: their rate of ordering. */
  baseline: { rate: number | null; interval: Interval | null; n: number };
}

/** The people figures: per agent (admins, finance, managers of their team) and new vs experienced. */
export interface PeopleView {
  currency: string | null;
  agents: {
    agentId: string;
    name: string;
    teamId: string | null;
    hiredOn: string | null;
    leftOn: string | null;
    tenureYears: number | null;
    fte: number | null;
    paidHours: number | null;
    resolved: number;
    resolvedPerPaidHour: number | null;
    trainingDays: number;
    /** Money roles only; null for the others. */
    hourlyCost: number | null;
  }[];
  /** First-contact resolution and CSAT of agents employed fewer than newAgentDays vs the rest. */
  tenureGroups: {
    group: 'new' | 'experienced';
    agents: number;
    fcr: { value: number | null; n: number; interval: Interval | null };
    csat: { value: number | null; n: number; interval: Interval | null };
  }[];
  newAgentDays: number;
}
