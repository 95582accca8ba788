import { createReadStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { backupDatabase } from '../../services/backup.js';
import { makeWorkDir } from '../../services/work-dir.js';
import { signedIn } from '../auth.js';
import { featureRouter, type ServerContext } from '../context.js';
import { problem } from '../problem.js';
import * as r from './routes.js';

export function backupRouter(ctx: ServerContext) {
  return featureRouter().openapi(r.getBackup, async (c) => {
    const { user } = signedIn(c);
    // The copy is made in a work folder of this process and removed once sent (or the client left).
    const dir = await makeWorkDir('backup');
    const remove = () => rm(dir, { recursive: true, force: true }).catch(() => undefined);
    const database = ctx.deps.database ?? null;
    if (!database) {
      await remove();
      return problem(
        c,
        503,
        'this server holds no database of its own to copy (a DuckDB file or a PostgreSQL database)',
      );
    }
    const made = await backupDatabase(database, join(dir, 'servicemeter.duckdb'));
    if (!made.ok) {
      await remove();
      const reason = made.error.kind === 'failed' ? made.error.reason : made.error.kind;
      return problem(c, 503, `the copy failed: ${reason}`);
    }
    await ctx.audit(c, user, 'backup', { detail: { bytes: made.data.bytes } });
    const file = createReadStream(made.data.path);
    file.once('close', remove);
    const name = `servicemeter-${ctx.now().toISOString().slice(0, 19).replaceAll(':', '').replace('T', '-')}.duckdb`;
    return c.body(Readable.toWeb(file) as ReadableStream<Uint8Array>, 200, {
      'Content-Type': 'application/octet-stream',
      'Content-Length': String(made.data.bytes),
      'Content-Disposition': `attachment; filename="${name}"`,
    });
  });
}
