import { describe, expect, test } from 'vitest';
import { shrinkageShares, TEAM_TIME_KPIS, teamTimeKpis } from './team-time.js';

describe('shrinkage by reason', () => {
  test('splits the team’s shrinkage by reason over every scheduled minute, largest first', () => {
    const shares = shrinkageShares(
      [
        { reason: 'break', minutes: 60 },
        { reason: null, minutes: 900 },
        { reason: 'training', minutes: 120 },
        { reason: 'absence', minutes: 0 },
      ],
      1200,
    );
    expect(shares).toEqual([
      { reason: 'training', minutes: 120, share: 0.1 },
      { reason: 'break', minutes: 60, share: 0.05 },
    ]);
    // The parts add up to the team's shrinkage: (120 + 60) ÷ 1200.
    expect(shares.reduce((sum, r) => sum + (r.share ?? 0), 0)).toBeCloseTo(0.15);
  });

  test('has no share when nothing was scheduled', () => {
    expect(shrinkageShares([{ reason: 'break', minutes: 10 }], 0)).toEqual([
      { reason: 'break', minutes: 10, share: null },
    ]);
  });
});

describe('the indicators of the page', () => {
  // As the catalog has them: availability, the coverage of a channel, has no agent dimension.
  const catalog = TEAM_TIME_KPIS.map((id) => ({
    id,
    dimensions: id === 'availability' ? ['channel', 'team'] : ['channel', 'team', 'agent'],
  }));
  const find = (id: string) => catalog.find((k) => k.id === id);

  test('a planner sees every one, in the table’s order', () => {
    expect(teamTimeKpis(find, true).map((k) => k.id)).toEqual([...TEAM_TIME_KPIS]);
  });

  test('an agent is not shown availability, a team figure: only indicators credited to an agent', () => {
    const ids = teamTimeKpis(find, false).map((k) => k.id);
    expect(ids).not.toContain('availability');
    expect(ids).toEqual(TEAM_TIME_KPIS.filter((id) => id !== 'availability'));
  });

  test('leaves out indicators the catalog does not have', () => {
    expect(teamTimeKpis((id) => (id === 'adherence' ? find(id) : undefined), true).map((k) => k.id)).toEqual([
      'adherence',
    ]);
  });
});
