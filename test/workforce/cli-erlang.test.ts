import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, test } from 'vitest';

/** The built CLI: `npm run build:server` first (`npm test` builds). */
const CLI = fileURLToPath(new URL('../../dist/src/cli/main.js', import.meta.url));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function cli(...args: string[]): Promise<Run> {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString('utf8');
  });
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString('utf8');
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The textbook interval: 100 calls in 30 minutes at 180 s handle time. */
const TEXTBOOK = ['--calls', '100', '--interval', '1800', '--aht', '180'];

const erlang = (...args: string[]) => cli('erlang', ...args);

interface ErlangJson {
  model: string;
  mode: string;
  concurrency: number | null;
  targets: { serviceLevel: { share: number; seconds: number } | null; asaSeconds: number | null };
  serviceLevelSeconds: number;
  outcome: {
    agents: number;
    slots?: number;
    trafficErlangs: number;
    probabilityWait: number;
    serviceLevel: number;
    asa: number | null;
    abandonment: number;
    occupancy: number;
    stable: boolean;
  };
  meetsTargets: boolean;
}

async function json(...args: string[]): Promise<ErlangJson> {
  const run = await erlang(...args, '--format', 'json');
  expect(run.code, run.stderr).toBe(0);
  expect(run.stderr).toBe('');
  return JSON.parse(run.stdout) as ErlangJson;
}

/** A mistake is explained in exactly one line on standard error, with exit code 1 and no output. */
function expectMistake(run: Run, message: string) {
  expect(run).toEqual({ code: 1, stdout: '', stderr: `error: ${message}\n` });
}

beforeAll(() => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build:server before these tests`);
});

describe('servicemeter erlang', () => {
  test('the agents the textbook interval needs for 80/20, as a table', async () => {
    const run = await erlang(...TEXTBOOK, '--target-sl', '80/20');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe(
      [
        'Erlang C: 100 calls in 30m 00s, AHT 3m 00s, 10.00 Erlangs',
        '  agents required         14',
        '  service level           88.8% within 20s (target 80.0%)',
        '  probability of waiting  17.4%',
        '  ASA                     7.8s',
        '  abandonment             – (Erlang C: nobody abandons)',
        '  occupancy               71.4%',
        '',
      ].join('\n'),
    );
  });

  test('as JSON, the same numbers in full', async () => {
    const result = await json(...TEXTBOOK, '--target-sl', '80/20');
    expect(result.model).toBe('erlang-c');
    expect(result.mode).toBe('required');
    expect(result.outcome.agents).toBe(14);
    expect(result.outcome.probabilityWait).toBeCloseTo(0.1741, 4);
    expect(result.outcome.serviceLevel).toBeCloseTo(0.8884, 4);
    expect(result.outcome.asa).toBeCloseTo(7.84, 2);
    expect(result.meetsTargets).toBe(true);
  });

  test('with --agents, the outcome at that number; too few is unstable and JSON-safe', async () => {
    const twelve = await json(...TEXTBOOK, '--agents', '12');
    expect(twelve.mode).toBe('given');
    expect(twelve.outcome.serviceLevel).toBeCloseTo(0.6402, 4);
    expect(twelve.meetsTargets).toBe(false);
    const ten = await json(...TEXTBOOK, '--agents', '10');
    expect(ten.outcome).toMatchObject({
      stable: false,
      serviceLevel: 0,
      probabilityWait: 1,
      asa: null,
      occupancy: 1,
    });

    const run = await erlang(...TEXTBOOK, '--agents', '10');
    expect(run.stdout).toContain('stable                  no: 10.00 Erlangs on 10 servers');
    expect(run.stdout).toContain('ASA                     unbounded');
    expect(run.stdout).toContain('meets the targets       no');
  });

  test('with --patience, Erlang A and an abandonment target', async () => {
    const result = await json(...TEXTBOOK, '--patience', '120', '--max-abandon', '5');
    expect(result.model).toBe('erlang-a');
    // Only the abandonment is a target; the service level is shown at the default 20 s.
    expect(result.targets.serviceLevel).toBeNull();
    expect(result.serviceLevelSeconds).toBe(20);
    expect(result.outcome.abandonment).toBeLessThanOrEqual(0.05);
    const fewer = await json(...TEXTBOOK, '--patience', '120', '--agents', String(result.outcome.agents - 1));
    expect(fewer.outcome.abandonment).toBeGreaterThan(0.05);
  });

  test('every target met at once: the most agents any one asks for', async () => {
    // 80/20 alone needs 14 agents (ASA 7.8 s); an ASA of 5 s needs 15.
    const both = await json(...TEXTBOOK, '--target-sl', '80/20', '--target-asa', '5');
    expect(both.outcome.agents).toBe(15);
    expect(both.targets.serviceLevel).toEqual({ share: 0.8, seconds: 20 });
    const asaOnly = await json(...TEXTBOOK, '--target-asa', '20');
    expect(asaOnly.outcome.agents).toBe(13);
    expect(asaOnly.targets.serviceLevel).toBeNull();
  });

  test('an occupancy cap', async () => {
    const capped = await json(...TEXTBOOK, '--max-occupancy', '65');
    expect(capped.outcome.agents).toBe(16);
  });

  test('chat with concurrency: slots per agent', async () => {
    const result = await json(
      '--calls',
      '300',
      '--interval',
      '1800',
      '--aht',
      '360',
      '--concurrency',
      '2',
      '--target-sl',
      '80/60',
    );
    expect(result.concurrency).toBe(2);
    expect(result.outcome.slots).toBe(result.outcome.agents * 2);
    expect(result.outcome.serviceLevel).toBeGreaterThanOrEqual(0.8);
    const table = await erlang(
      '--calls',
      '300',
      '--interval',
      '1800',
      '--aht',
      '360',
      '--concurrency',
      '2',
      '--target-sl',
      '80/60',
    );
    expect(table.stdout).toContain('Erlang C: 300 chats in 30m 00s');
    expect(table.stdout).toContain(`chat slots              ${result.outcome.slots} (2 per agent)`);
  });

  test('extreme inputs stay finite: no calls, 800 Erlangs, patience near zero', async () => {
    const none = await json('--calls', '0', '--interval', '1800', '--aht', '180');
    expect(none.outcome).toMatchObject({
      agents: 0,
      serviceLevel: 1,
      asa: 0,
      probabilityWait: 0,
      occupancy: 0,
    });
    const huge = await json('--calls', '8000', '--interval', '1800', '--aht', '180');
    expect(huge.outcome.trafficErlangs).toBe(800);
    expect(huge.outcome.agents).toBeGreaterThan(800);
    expect(huge.outcome.serviceLevel).toBeGreaterThanOrEqual(0.8);
    const impatient = await json(...TEXTBOOK, '--patience', '0.001', '--agents', '12');
    expect(impatient.outcome.abandonment).toBeCloseTo(impatient.outcome.probabilityWait, 4);
  });
});

describe('servicemeter erlang mistakes', () => {
  test('a malformed service level target', async () => {
    expectMistake(
      await erlang(...TEXTBOOK, '--target-sl', '80-20'),
      "option '--target-sl <percent/seconds>' argument '80-20' is invalid. expected percent/seconds such as 80/20 (80 % answered within 20 seconds), the percentage above 0 and below 100",
    );
    expectMistake(
      await erlang(...TEXTBOOK, '--target-sl', '100/20'),
      "option '--target-sl <percent/seconds>' argument '100/20' is invalid. expected percent/seconds such as 80/20 (80 % answered within 20 seconds), the percentage above 0 and below 100",
    );
  });

  test('negative or non-numeric counts and times', async () => {
    expectMistake(
      await erlang('--calls', '-3', '--interval', '1800', '--aht', '180'),
      "option '--calls <n>' argument '-3' is invalid. expected a number of contacts, 0 or more",
    );
    expectMistake(
      await erlang('--calls', '100', '--interval', '1800', '--aht', 'abc'),
      "option '--aht <seconds>' argument 'abc' is invalid. expected a number of seconds above 0",
    );
    expectMistake(
      await erlang('--calls', '100', '--interval', '0', '--aht', '180'),
      "option '--interval <seconds>' argument '0' is invalid. expected a number of seconds above 0",
    );
    expectMistake(
      await erlang(...TEXTBOOK, '--agents', '2.5'),
      "option '--agents <n>' argument '2.5' is invalid. expected a whole number of agents, 0 or more",
    );
    expectMistake(
      await erlang(...TEXTBOOK, '--patience', '120', '--max-abandon', '120'),
      "option '--max-abandon <percent>' argument '120' is invalid. expected a percentage above 0 and below 100, such as 5",
    );
  });

  test('a missing required option', async () => {
    expectMistake(
      await erlang('--calls', '100', '--interval', '1800'),
      "required option '--aht <seconds>' not specified (servicemeter erlang --help lists the options)",
    );
  });

  test('an abandonment target without patience', async () => {
    expectMistake(
      await erlang(...TEXTBOOK, '--max-abandon', '5'),
      '--max-abandon needs --patience: without the callers’ patience the queue is Erlang C, where nobody abandons',
    );
  });
});
