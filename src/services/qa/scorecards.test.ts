import { describe, expect, test } from 'vitest';
import { withDuckDb } from '../../../test/support/engines.js';
import {
  createScorecard,
  getScorecard,
  listScorecards,
  listScorecardVersions,
  scorecardFor,
  scorecardVersion,
  updateScorecard,
} from './scorecards.js';

const NOW = new Date('2026-03-02T10:00:00Z');
const LATER = new Date('2026-03-02T11:00:00Z');

const definition = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  categories: [
    { id: 'accuracy', name: 'Accuracy', scale: 'pass_fail', critical: true },
    { id: 'tone', name: 'Tone' },
  ],
  ...extra,
});

describe('scorecard store', () => {
  test('created at version 1 with defaults; a changed definition makes version 2, a status change does not', async () => {
    await withDuckDb([], async (db) => {
      const created = await createScorecard(
        db,
        { id: 'support', definition: definition('Support') },
        'u-lead',
        NOW,
      );
      expect(created).toMatchObject({
        ok: true,
        data: { id: 'support', name: 'Support', status: 'active', version: 1 },
      });
      expect(created.ok && created.data.definition.passMark).toBe(0.8);
      expect(created.ok && created.data.definition.categories[1]?.scale).toBe('1-5');

      const paused = await updateScorecard(db, 'support', { status: 'draft' }, 'u-lead', LATER);
      expect(paused).toMatchObject({ ok: true, data: { status: 'draft', version: 1 } });
      const same = await updateScorecard(
        db,
        'support',
        { definition: definition('Support') },
        'u-lead',
        LATER,
      );
      expect(same).toMatchObject({ ok: true, data: { version: 1 } });

      const edited = await updateScorecard(
        db,
        'support',
        { definition: definition('Support desk', { passMark: 0.7 }) },
        'u-coach',
        LATER,
      );
      expect(edited).toMatchObject({ ok: true, data: { name: 'Support desk', version: 2 } });
      expect((await scorecardVersion(db, 'support', 1))?.passMark).toBe(0.8);
      expect((await scorecardVersion(db, 'support', 2))?.passMark).toBe(0.7);
      expect(await scorecardVersion(db, 'support', 3)).toBeNull();
      const versions = await listScorecardVersions(db, 'support');
      expect(versions?.map((v) => [v.version, v.createdBy])).toEqual([
        [1, 'u-lead'],
        [2, 'u-coach'],
      ]);
      expect(await listScorecardVersions(db, 'nothing')).toBeNull();
      expect((await listScorecards(db)).map((s) => s.id)).toEqual(['support']);
    });
  });

  test('an invalid definition names the path; a taken id and an unknown scorecard are refused', async () => {
    await withDuckDb([], async (db) => {
      const bad = await createScorecard(
        db,
        {
          definition: {
            name: 'x',
            categories: [
              { id: 'Tone!', name: 'Tone' },
              { id: 'b', name: 'B', group: 'g' },
            ],
          },
        },
        null,
        NOW,
      );
      expect(bad.ok).toBe(false);
      if (bad.ok || bad.error.kind !== 'invalid') throw new Error('expected invalid');
      expect(bad.error.issues.map((i) => i.path)).toEqual([
        'definition.categories.0.id',
        'definition.categories.1.group',
      ]);
      expect(bad.error.issues[1]?.message).toBe('no group g');
      expect(
        await createScorecard(db, { id: 'Bad Id', definition: definition('x') }, null, NOW),
      ).toMatchObject({
        ok: false,
        error: { kind: 'invalid', issues: [{ path: 'id' }] },
      });
      await createScorecard(db, { id: 'support', definition: definition('Support') }, null, NOW);
      expect(
        await createScorecard(db, { id: 'support', definition: definition('Again') }, null, NOW),
      ).toMatchObject({
        ok: false,
        error: { kind: 'conflict' },
      });
      expect(await updateScorecard(db, 'nothing', { status: 'archived' }, null, NOW)).toMatchObject({
        ok: false,
        error: { kind: 'not_found' },
      });
      expect(await getScorecard(db, 'nothing')).toBeNull();
    });
  });

  test('the scorecard that applies: naming the channel and team before naming one, before naming none', async () => {
    await withDuckDb([], async (db) => {
      await createScorecard(db, { id: 'general', definition: definition('General') }, null, NOW);
      await createScorecard(
        db,
        { id: 'chat', definition: definition('Chat', { channels: ['chat'] }) },
        null,
        NOW,
      );
      await createScorecard(
        db,
        { id: 'chat-vip', definition: definition('Chat VIP', { channels: ['chat'], teams: ['vip'] }) },
        null,
        NOW,
      );
      await createScorecard(
        db,
        { id: 'phone', definition: definition('Phone', { channels: ['phone'] }), status: 'archived' },
        null,
        NOW,
      );
      expect((await scorecardFor(db, { channel: 'chat', teamId: 'vip' }))?.id).toBe('chat-vip');
      expect((await scorecardFor(db, { channel: 'chat', teamId: 'support' }))?.id).toBe('chat');
      expect((await scorecardFor(db, { channel: 'email', teamId: 'vip' }))?.id).toBe('general');
      // The phone scorecard is archived: the general one applies.
      expect((await scorecardFor(db, { channel: 'phone', teamId: null }))?.id).toBe('general');
      await updateScorecard(db, 'general', { status: 'archived' }, null, LATER);
      expect(await scorecardFor(db, { channel: 'email', teamId: null })).toBeNull();
    });
  });
});
