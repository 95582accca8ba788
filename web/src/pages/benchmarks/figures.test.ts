import { describe, expect, it } from 'vitest';
import { competitorFigureId, dataRange, enteredValue, entryProblem, storedValue } from './figures.js';

describe('competitor figure entry', () => {
  it('sends a percentage typed as 82 as the fraction 0.82 and shows it back as 82', () => {
    expect(storedValue('percent', 82)).toBe(0.82);
    expect(storedValue('percent', 83.54)).toBe(0.8354);
    expect(enteredValue('percent', 0.8354)).toBe(83.54);
    expect(storedValue('duration', 96)).toBe(96);
    expect(enteredValue('score', 4.2)).toBe(4.2);
  });

  it('names what is wrong with a typed figure', () => {
    expect(entryProblem('percent', 82)).toBeNull();
    expect(entryProblem('percent', 120)).toBe('outOfRange');
    expect(entryProblem('duration', -5)).toBe('outOfRange');
    expect(entryProblem('percent', Number.NaN)).toBe('notANumber');
    expect(entryProblem('nps', -20)).toBeNull();
  });

  it('stores one figure per competitor, year, indicator and channel', () => {
    expect(competitorFigureId('Acme Ltd.', 'csat', 2026, 'chat')).toBe('acme-ltd-2026-csat-chat');
    expect(competitorFigureId('Café Zoë', 'frt', 2025, null)).toBe('cafe-zoe-2025-frt-all');
    expect(competitorFigureId('!!!', 'frt', 2025, null)).toBe('competitor-2025-frt-all');
  });

  it('asks the comparison for all the data when the filter names no range', () => {
    expect(dataRange('2026-01-03T08:00:00.000Z', '2026-03-31T23:10:00.000Z')).toEqual({
      from: '2026-01-03',
      to: '2026-04-01',
    });
    expect(dataRange(null, null)).toBeNull();
  });
});
