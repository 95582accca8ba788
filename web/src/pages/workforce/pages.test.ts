import { describe, expect, test } from 'vitest';
import { canPlanWorkforce, canSeeWorkforcePage, WORKFORCE_PAGES, workforceHome } from './pages.js';

describe('who sees the workforce pages', () => {
  test('admins and managers all; a viewer the staffing and forecast; an agent their schedule and figures', () => {
    const seen = (role: 'admin' | 'manager' | 'agent' | 'viewer') =>
      WORKFORCE_PAGES.filter((p) => canSeeWorkforcePage(role, p));
    expect(seen('admin')).toEqual([...WORKFORCE_PAGES]);
    expect(seen('manager')).toEqual([...WORKFORCE_PAGES]);
    expect(seen('viewer')).toEqual(['staffing', 'forecast']);
    expect(seen('agent')).toEqual(['schedules', 'team-time']);
  });

  test('only admins and managers plan, and each role starts on a page of its own', () => {
    expect(['admin', 'manager', 'agent', 'viewer'].filter((r) => canPlanWorkforce(r as 'admin'))).toEqual([
      'admin',
      'manager',
    ]);
    expect(workforceHome('viewer')).toBe('/workforce/staffing');
    expect(workforceHome('agent')).toBe('/workforce/schedules');
  });
});
