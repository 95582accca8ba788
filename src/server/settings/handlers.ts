import type { Context } from 'hono';
import {
  deleteCalendar,
  getSettings,
  putCalendar,
  putKpiTargets,
  putThresholds,
  type SettingsError,
  setTeamCalendar,
} from '../../services/settings.js';
import { signedIn } from '../auth.js';
import { featureRouter, type ServerContext } from '../context.js';
import { problem } from '../problem.js';
import * as r from './routes.js';

function settingsProblem(c: Context, error: SettingsError) {
  switch (error.kind) {
    case 'invalid':
      return problem(c, 400, 'invalid settings', { issues: error.issues });
    case 'not_found':
      return problem(c, 404, `no ${error.what}`);
    case 'in_use':
      return problem(c, 409, error.detail);
    default: {
      const unreachable: never = error;
      throw new Error(`unknown settings error ${JSON.stringify(unreachable)}`);
    }
  }
}

/**
 * Every change rebuilds the facts (or changes the targets): the kept KPI results are forgotten. A
 * rebuild waits for one an import runs on its own connection (`rebuilding`): both delete facts.
 */
export function settingsRouter(ctx: ServerContext) {
  const { engine, kpiResults, audit, now } = ctx;
  return featureRouter()
    .openapi(r.getSettings, async (c) => c.json(await getSettings(engine), 200))

    .openapi(r.putCalendar, async (c) => {
      const { id } = c.req.valid('param');
      const result = await engine.rebuilding(() => putCalendar(engine, { id, ...c.req.valid('json') }));
      if (!result.ok) return settingsProblem(c, result.error);
      kpiResults.forget();
      await audit(c, signedIn(c).user, 'settings.calendar.put', {
        target: id,
        detail: { rebuild: result.data.rebuild },
      });
      return c.json(result.data, 200);
    })

    .openapi(r.deleteCalendar, async (c) => {
      const { id } = c.req.valid('param');
      const result = await engine.rebuilding(() => deleteCalendar(engine, id));
      if (!result.ok) return settingsProblem(c, result.error);
      kpiResults.forget();
      await audit(c, signedIn(c).user, 'settings.calendar.delete', { target: id });
      return c.json(result.data, 200);
    })

    .openapi(r.updateTeam, async (c) => {
      const { id } = c.req.valid('param');
      const { calendarId } = c.req.valid('json');
      const result = await engine.rebuilding(() => setTeamCalendar(engine, id, calendarId));
      if (!result.ok) return settingsProblem(c, result.error);
      kpiResults.forget();
      await audit(c, signedIn(c).user, 'settings.team.update', { target: id, detail: { calendarId } });
      return c.json(result.data, 200);
    })

    .openapi(r.putThresholds, async (c) => {
      const { thresholds } = c.req.valid('json');
      const result = await engine.rebuilding(() => putThresholds(engine, thresholds));
      if (!result.ok) return settingsProblem(c, result.error);
      kpiResults.forget();
      await audit(c, signedIn(c).user, 'settings.thresholds.put', { detail: { thresholds } });
      return c.json(result.data, 200);
    })

    .openapi(r.putTargets, async (c) => {
      const { targets } = c.req.valid('json');
      const result = await putKpiTargets(engine, targets, now(), signedIn(c).user.id);
      if (!result.ok) return settingsProblem(c, result.error);
      kpiResults.forget();
      await audit(c, signedIn(c).user, 'settings.targets.put', { detail: { targets } });
      return c.json(result.data, 200);
    });
}
