import { describe, expect, test } from 'vitest';
import { withDuckDb } from '../../../../test/support/engines.js';
import { surveyTemplate } from '../../../core/surveys/templates.js';
import { personalLink } from '../../../services/surveys/invitations.js';
import { createSurvey, updateSurvey } from '../../../services/surveys/store.js';
import { OpeningRecorder, STATUS_FRESH_MS, SurveyCache } from './cache.js';

const NOW = new Date('2026-03-02T10:00:00Z');

describe('survey cache', () => {
  test("a survey's status is read again once STATUS_FRESH_MS has passed, not before", async () => {
    await withDuckDb([], async (db) => {
      await createSurvey(
        db,
        { id: 'after', name: 'After', definition: surveyTemplate('post_contact') },
        null,
        NOW,
      );
      let clock = 0;
      const cache = new SurveyCache(db, () => clock);
      expect((await cache.survey('after'))?.status).toBe('active');
      await updateSurvey(db, 'after', { status: 'paused' }, null, NOW);
      clock = STATUS_FRESH_MS - 1;
      expect((await cache.survey('after'))?.status).toBe('active');
      clock = STATUS_FRESH_MS;
      expect((await cache.survey('after'))?.status).toBe('paused');
      expect(await cache.survey('no-such-survey')).toBeNull();
    });
  });

  test('a version is read once and kept; a version not stored yet is read again', async () => {
    await withDuckDb([], async (db) => {
      await createSurvey(
        db,
        { id: 'after', name: 'After', definition: surveyTemplate('post_contact') },
        null,
        NOW,
      );
      const cache = new SurveyCache(db);
      expect(await cache.version('after', 2)).toBeNull();
      const definition = surveyTemplate('post_contact');
      definition.title.en = 'How was it?';
      await updateSurvey(db, 'after', { definition }, null, NOW);
      expect((await cache.version('after', 2))?.definition.title.en).toBe('How was it?');
      expect((await cache.version('after', 1))?.definition.title.en).toBe('How did we do?');
      await db.run('DELETE FROM survey_versions');
      expect((await cache.version('after', 1))?.definition.title.en).toBe('How did we do?');
    });
  });
});

describe('opening recorder', () => {
  test('openings are written together; an opening already stored keeps its time', async () => {
    await withDuckDb([], async (db) => {
      await createSurvey(
        db,
        { id: 'after', name: 'After', definition: surveyTemplate('post_contact') },
        null,
        NOW,
      );
      const links = [];
      for (let k = 0; k < 3; k++) {
        const link = await personalLink(db, 'after', null, { customerId: `c-${k}` }, NOW);
        if (!link.ok) throw new Error(JSON.stringify(link.error));
        links.push(link.data.invitationId);
      }
      const [first = '', second = '', third = ''] = links;
      await db.run(
        "UPDATE survey_invitations SET opened_at = TIMESTAMP '2026-03-02 09:00:00' WHERE external_id = $1",
        [first],
      );
      const recorder = new OpeningRecorder(db, 60_000);
      recorder.record(first, new Date('2026-03-02T10:05:00Z'));
      recorder.record(second, new Date('2026-03-02T10:05:00Z'));
      recorder.record(second, new Date('2026-03-02T10:05:01Z'));
      await recorder.flush();
      const rows = await db.all(
        'SELECT external_id, CAST(opened_at AS VARCHAR) AS opened_at FROM survey_invitations ORDER BY opened_at',
      );
      const openedAt = Object.fromEntries(rows.map((r) => [r.external_id, r.opened_at]));
      expect(openedAt[first]).toBe('2026-03-02 09:00:00');
      expect(openedAt[second]).toBe('2026-03-02 10:05:00');
      expect(openedAt[third]).toBeNull();
    });
  });
});
