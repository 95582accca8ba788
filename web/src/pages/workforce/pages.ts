import type { Role } from '../../api.js';

/**
 * The workforce pages under /workforce/<page> and who sees each: the server refuses the rest all
 * the same, this only leaves out links that would lead to a refusal. An agent has their own schedule
 * (read-only) and their own figures; a viewer the staffing week, the forecast and the team's figures.
 */
export const WORKFORCE_PAGES = ['staffing', 'forecast', 'schedules', 'team-time', 'settings'] as const;
export type WorkforcePage = (typeof WORKFORCE_PAGES)[number];

const ROLES: Record<WorkforcePage, readonly Role[]> = {
  staffing: ['admin', 'manager', 'viewer', 'finance'],
  forecast: ['admin', 'manager', 'viewer', 'finance'],
  schedules: ['admin', 'manager', 'agent'],
  'team-time': ['admin', 'manager', 'agent'],
  settings: ['admin', 'manager'],
};

export function isWorkforcePage(page: string | undefined): page is WorkforcePage {
  return (WORKFORCE_PAGES as readonly string[]).includes(page ?? '');
}

export function canSeeWorkforcePage(role: Role, page: WorkforcePage): boolean {
  return ROLES[page].includes(role);
}

/** Who changes schedules, marked days and settings. */
export function canPlanWorkforce(role: Role): boolean {
  return role === 'admin' || role === 'manager';
}

/** Where the Workforce entry of the main navigation leads a role first. */
export function workforceHome(role: Role): string {
  const page = WORKFORCE_PAGES.find((p) => canSeeWorkforcePage(role, p)) ?? 'staffing';
  return `/workforce/${page}`;
}
