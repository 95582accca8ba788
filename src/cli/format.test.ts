import { expect, test } from 'vitest';
import { findKpi } from '../core/kpi/catalog.js';
import { minuteText, renderKpiTable } from './format.js';

test('an instant is shown to the minute, in UTC as stored', () => {
  expect(minuteText('2026-12-05T08:07:59.999Z')).toBe('2026-12-05 08:07');
  expect(minuteText('2026-03-29T01:00:00Z')).toBe('2026-03-29 01:00');
});

test('an n weighed in minutes is shown to two decimals at most, a count as it is', () => {
  const occupancy = findKpi('occupancy');
  const created = findKpi('contacts_created');
  if (!occupancy || !created) throw new Error('catalog changed');
  const text = renderKpiTable(
    [
      {
        channel: 'email',
        occupancy: { value: 0.96, n: 11205.633333333333 },
        contacts_created: { value: 122053, n: 122053 },
      },
    ],
    [occupancy, created],
  );
  expect(text).toContain('(n 11205.63)');
  expect(text).toContain('(n 122053)');
  expect(text).not.toContain('11205.633');
});
