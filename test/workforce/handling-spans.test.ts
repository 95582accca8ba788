import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { importFiles } from '../../src/services/import.js';
import { handlingSpans } from '../../src/services/workforce/facts.js';
import { ENGINES, withMigrated, withTempDir } from '../support/engines.js';

const CONTACTS = `source,external_id,channel,created_at
desk,c1,phone,2026-03-02T09:00:00Z
desk,c2,phone,2026-03-02T10:00:00Z
desk,c3,phone,2026-03-02T11:00:00Z
desk,c4,phone,2026-03-02T09:05:00Z
desk,c5,chat,2026-03-02T12:00:00Z
desk,c6,email,2026-03-02T09:00:00Z
desk,c7,phone,2026-03-02T14:00:00Z
`;

/**
 * Transfers, an end or a wrap-up end with nothing open, written replies, an answer without an agent, a second
 * wrap-up start without one, a wrap-up ended by another agent's event, calls and wrap-ups still going, two contacts at overlapping times and two answers
 * at the same instant (file order decides); two replies written during a long call, the second starting after the
 * first has ended, and one after the call.
 */
const EVENTS = `source,contact_external_id,external_id,kind,occurred_at,actor,agent_id
desk,c1,e01,answer,2026-03-02T09:00:00Z,agent,ann
desk,c4,e02,answer,2026-03-02T09:05:00Z,agent,cem
desk,c1,e03,answer,2026-03-02T09:10:00Z,agent,bob
desk,c4,e04,end,2026-03-02T09:15:00Z,system,
desk,c1,e05,end,2026-03-02T09:20:00Z,system,
desk,c1,e06,acw_start,2026-03-02T09:20:00Z,agent,bob
desk,c1,e07,acw_end,2026-03-02T09:25:00Z,agent,
desk,c2,e08,end,2026-03-02T10:00:00Z,system,
desk,c2,e09,answer,2026-03-02T10:05:00Z,agent,
desk,c2,e10,end,2026-03-02T10:10:00Z,system,
desk,c2,e11,acw_end,2026-03-02T10:10:00Z,agent,cem
desk,c2,e12,acw_start,2026-03-02T10:11:00Z,agent,ann
desk,c2,e13,acw_start,2026-03-02T10:12:00Z,agent,
desk,c2,e14,acw_end,2026-03-02T10:15:00Z,agent,bob
desk,c3,e15,answer,2026-03-02T11:00:00Z,agent,ann
desk,c3,e16,acw_start,2026-03-02T11:30:00Z,agent,ann
desk,c3,e16b,acw_end,2026-03-02T11:40:00Z,agent,cem
desk,c5,e17,answer,2026-03-02T12:00:00Z,agent,ann
desk,c5,e18,answer,2026-03-02T12:00:00Z,agent,bob
desk,c5,e19,end,2026-03-02T12:10:00Z,system,
desk,c5,e20,acw_start,2026-03-02T12:10:00Z,agent,bob
desk,c6,e21,customer_message,2026-03-02T09:00:00Z,customer,
desk,c6,e22,agent_reply,2026-03-02T09:12:00Z,agent,ann
desk,c6,e23,agent_reply,2026-03-02T13:00:00Z,agent,cem
desk,c7,e24,answer,2026-03-02T14:00:00Z,agent,ann
desk,c6,e25,agent_reply,2026-03-02T14:10:00Z,agent,ann
desk,c6,e26,agent_reply,2026-03-02T14:20:00Z,agent,ann
desk,c7,e27,end,2026-03-02T15:00:00Z,system,
desk,c6,e28,agent_reply,2026-03-02T15:10:00Z,agent,ann
`;

const at = (time: string) => Date.parse(`2026-03-02T${time}:00Z`);
const span = (from: string, to: string) => ({ startMs: at(from), endMs: at(to) });

describe.each(ENGINES)('handling spans on $kind', ({ kind }) => {
  test('an answer lasts to the next answer or end of its contact, a wrap-up from its start to its end, a written reply 5 minutes; spans of one agent joined where they meet', async () => {
    await withTempDir(async (dir) => {
      await writeFile(join(dir, 'contacts.csv'), CONTACTS);
      await writeFile(join(dir, 'contact_events.csv'), EVENTS);
      await withMigrated(kind, async (db) => {
        const imported = await importFiles(db, [dir], { rebuild: false });
        expect(imported.ok).toBe(true);
        const spans = await handlingSpans(db, "TIMESTAMP '2026-03-03 00:00:00'", 5 * 60_000);
        const sorted = Object.fromEntries(
          [...spans.entries()]
            .sort(([a], [b]) => a.localeCompare(b))
            .map(([agent, list]) => [agent, [...list].sort((a, b) => a.startMs - b.startMs)]),
        );
        expect(sorted).toEqual({
          // The call to 09:10 and the reply written 09:07–09:12 overlap.
          // The replies written 14:05–14:10 and 14:15–14:20 lie within the call from 14:00 to 15:00.
          ann: [
            span('09:00', '09:12'),
            span('11:30', '11:40'),
            span('14:00', '15:00'),
            span('15:05', '15:10'),
          ],
          // The transferred call to 09:20 and its wrap-up from 09:20 touch.
          bob: [span('09:10', '09:25'), span('10:12', '10:15'), span('12:00', '12:10')],
          cem: [span('09:05', '09:15'), span('12:55', '13:00')],
        });
      });
    });
  });

  test('only what happened by the moment given counts', async () => {
    await withTempDir(async (dir) => {
      await writeFile(join(dir, 'contacts.csv'), CONTACTS);
      await writeFile(join(dir, 'contact_events.csv'), EVENTS);
      await withMigrated(kind, async (db) => {
        expect((await importFiles(db, [dir], { rebuild: false })).ok).toBe(true);
        const spans = await handlingSpans(db, "TIMESTAMP '2026-03-02 09:12:00'", 0);
        expect(Object.fromEntries(spans)).toEqual({ ann: [span('09:00', '09:10')] });
      });
    });
  });
});
