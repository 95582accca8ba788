import { expect, test } from 'vitest';
import { type DebounceState, nextState, QUIET } from './debounce.js';

const at = (minute: number) => new Date(Date.UTC(2026, 2, 10, 10, minute));

/** The events of a run of checks, five minutes apart, with a debounce of ten minutes. */
function run(checks: (boolean | null)[], debounce = 10): (string | null)[] {
  let state: DebounceState = { ...QUIET };
  return checks.map((holds, i) => {
    const step = nextState(state, { holds }, at(i * 5), debounce);
    state = step.state;
    return step.event;
  });
}

test('fires once the condition held for the debounce, and not again while firing', () => {
  expect(run([true, true, true, true, true])).toEqual([null, null, 'fired', null, null]);
});

test('a condition that stops before the debounce raises nothing', () => {
  expect(run([true, true, false, true, true, false])).toEqual([null, null, null, null, null, null]);
  expect(run([true, null, true, true])).toEqual([null, null, null, null]);
});

test('recovers once, after being clear for the debounce; no verdict neither recovers nor stops it', () => {
  expect(run([true, true, true, false, null, false, false, false])).toEqual([
    null,
    null,
    'fired',
    null,
    null,
    'recovered',
    null,
    null,
  ]);
  expect(run([true, true, true, false, true, false, false])).toEqual([
    null,
    null,
    'fired',
    null,
    null,
    null,
    null,
  ]);
});

test('without a debounce, each change is an event at once', () => {
  expect(run([true, true, false, false, true], 0)).toEqual(['fired', null, 'recovered', null, 'fired']);
});
