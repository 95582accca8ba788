import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import type { Context } from 'hono';
import { SOURCE_FORMATS } from '../../ingest/sources/index.js';
import type { ImportJobEvent, ImportSettings } from '../../services/import-jobs.js';
import { ImportRefused } from '../../services/import-jobs.js';
import {
  DEFAULT_MAX_UPLOAD_BYTES,
  describeBytes,
  receiveUpload,
  UploadRefused,
} from '../../services/import-jobs-upload.js';
import { resolveSession, resolveToken, type UserView } from '../../services/users.js';
import type { RolePolicy } from '../access.js';
import { signedIn } from '../auth.js';
import { featureRouter, type ServerContext } from '../context.js';
import { problem, problemBody } from '../problem.js';
import { IMPORTS_POLICIES } from './policy.js';
import * as r from './routes.js';

/** A comment line this often keeps proxies from closing a quiet event stream. */
const KEEP_ALIVE_MS = 15_000;
/** How often an event stream asks again whether its caller may still follow the import. */
const RECHECK_MS = 2000;
/**
 * Uploads being received at once, and imports waiting their turn: each holds up to the upload limit
 * on disk, so without a bound a few callers could fill it.
 */
export const MAX_UPLOADS_IN_FLIGHT = 2;
export const MAX_IMPORTS_WAITING = 10;
/** When a caller refused for those bounds may try again. */
const RETRY_AFTER_SECONDS = 30;

/** 413 and 415 are this feature's own: the shared problem helper knows the others. */
function uploadProblem(c: Context, error: UploadRefused) {
  if (error.status === 400) return problem(c, 400, error.message);
  const body =
    error.status === 415
      ? problemBody(415, error.message)
      : {
          type: 'https://servicemeter.dev/problems/content-too-large',
          title: 'Content too large',
          status: 413,
          detail: error.message,
        };
  return c.json(body, error.status, { 'Content-Type': 'application/problem+json' });
}

export function importsRouter(ctx: ServerContext) {
  const { audit } = ctx;
  const imports = ctx.deps.imports ?? null;
  const maxBytes = ctx.deps.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES;
  // Every import that changed the data: kept results are recomputed, the status and filter values
  // first (every page asks for them), before anyone hears the import is done.
  imports?.onImported(() => {
    ctx.kpiResults.forget();
    ctx.knownStatus().catch(() => undefined);
    ctx.knownFilterValues(null).catch(() => undefined);
  });
  const unavailable = (c: Context) =>
    problem(
      c,
      503,
      "this server takes no imports: its database gives imports no connection of their own (neither a DuckDB file nor a PostgreSQL server); import with the command line instead, servicemeter import <files> --db <this server's database>",
    );
  const busy = (c: Context, detail: string) =>
    problem(c, 429, detail, { headers: { 'Retry-After': String(RETRY_AFTER_SECONDS) } });
  let uploadsInFlight = 0;
  const followers = (IMPORTS_POLICIES.followImport as RolePolicy).roles;

  return featureRouter()
    .openapi(r.createImport, async (c) => {
      if (!imports) return unavailable(c);
      const { user } = signedIn(c);
      const query = c.req.valid('query');
      const declared = Number(c.req.header('content-length') ?? Number.NaN);
      // Refused before a byte is read when the size is known.
      if (declared > maxBytes)
        return uploadProblem(
          c,
          new UploadRefused(413, `the upload is larger than the limit of ${describeBytes(maxBytes)}`),
        );
      if (uploadsInFlight >= MAX_UPLOADS_IN_FLIGHT)
        return busy(
          c,
          `${uploadsInFlight} uploads are being received, the most this server takes at once: send this one when one of them is done`,
        );
      if (imports.waitingCount() >= MAX_IMPORTS_WAITING)
        return busy(
          c,
          `${imports.waitingCount()} imports are waiting their turn, the most this server keeps: send this one when some of them have run`,
        );
      uploadsInFlight++;
      let receiving = true;
      const received = () => {
        if (receiving) uploadsInFlight--;
        receiving = false;
      };
      const folder = await imports.newFolder().catch((error: unknown) => {
        received();
        throw error;
      });
      const settings: ImportSettings = {
        format: query.format ?? null,
        skipBadRows: query.skipBadRows === 'true',
        rebuild: query.rebuild !== 'false',
        source: query.source ?? null,
        timezone: query.timezone ?? null,
        idleGapSeconds: query.idleGapSeconds ?? null,
      };
      try {
        const upload = await receiveUpload(
          {
            body: c.req.raw.body,
            contentType: c.req.header('content-type'),
            contentEncoding: c.req.header('content-encoding'),
            fileName: query.name ?? c.req.header('x-file-name'),
          },
          folder,
          maxBytes,
        ).finally(received);
        const job = await imports.submit(folder, upload, settings, user.email);
        await audit(c, user, 'import.create', {
          target: job.id,
          detail: {
            format: job.format,
            files: job.files,
            mapping: job.mapping,
            skipBadRows: job.skipBadRows,
          },
        });
        return c.json(job, 202, { Location: `/api/imports/${job.id}` });
      } catch (error) {
        received();
        await imports.discard(folder);
        if (error instanceof UploadRefused) return uploadProblem(c, error);
        if (error instanceof ImportRefused) return problem(c, 400, error.message);
        throw error;
      }
    })

    .openapi(r.listImports, (c) =>
      c.json(
        {
          imports: imports?.list() ?? [],
          formats: SOURCE_FORMATS.map((f) => ({ name: f.name, summary: f.summary, mapping: f.mapping })),
        },
        200,
      ),
    )

    .openapi(r.getImport, (c) => {
      const { id } = c.req.valid('param');
      const job = imports?.get(id);
      if (!job) return problem(c, 404, `no import ${id}`);
      return c.json(job, 200);
    })

    .openapi(r.followImport, (c) => {
      const { id } = c.req.valid('param');
      if (!imports?.get(id)) return problem(c, 404, `no import ${id}`);
      const auth = signedIn(c);
      const bearer = /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '')?.[1] ?? null;
      // The caller as they are now, as the Now stream asks: a sign-out, a revoked token, a disabled
      // or demoted user ends the stream (a remembered session is forgotten on every such change).
      const current = async (): Promise<UserView | null> => {
        if (auth.via === 'token') return bearer === null ? null : resolveToken(ctx.engine, bearer, ctx.now());
        if (auth.sessionId === undefined) return null;
        return (await resolveSession(ctx.engine, auth.sessionId, ctx.now()))?.user ?? null;
      };
      const encoder = new TextEncoder();
      let stop: (() => void) | null = null;
      let keepAlive: NodeJS.Timeout | undefined;
      let recheck: NodeJS.Timeout | undefined;
      let open = true;
      const end = () => {
        open = false;
        clearInterval(keepAlive);
        clearInterval(recheck);
        stop?.();
      };
      const stream = new ReadableStream<Uint8Array>({
        start(controller) {
          const send = (text: string) => {
            if (open) controller.enqueue(encoder.encode(text));
          };
          keepAlive = setInterval(() => send(': still running\n\n'), KEEP_ALIVE_MS);
          const finish = () => {
            if (!open) return;
            end();
            controller.close();
          };
          const allowed = async () => {
            const user = await current().catch(() => null);
            return user !== null && user.id === auth.user.id && followers.includes(user.role);
          };
          let checking = false;
          recheck = setInterval(async () => {
            if (checking || !open) return;
            checking = true;
            const still = await allowed();
            checking = false;
            if (!still) finish();
          }, RECHECK_MS);
          stop = imports.follow(id, (event: ImportJobEvent) => {
            const text = `event: ${event.event}\ndata: ${JSON.stringify(event.data)}\n\n`;
            if (event.event !== 'result' && event.event !== 'failed') return send(text);
            // The outcome names rows and records: asked for again, so a caller who lost access
            // between two checks never gets it.
            allowed().then((still) => {
              if (still) send(text);
              finish();
            });
          });
          if (!open) stop?.();
        },
        cancel: end,
      });
      return c.body(stream, 200, {
        'Content-Type': 'text/event-stream; charset=utf-8',
        'Cache-Control': 'no-store',
        'X-Accel-Buffering': 'no',
      });
    })

    .openapi(r.getImportRejects, async (c) => {
      const { id } = c.req.valid('param');
      const { user } = signedIn(c);
      // Rejected rows are the file's own lines: of a payroll or people file, wages and hourly costs.
      // An admin downloads every import's; a manager those of the imports they sent.
      const job = imports?.get(id);
      if (job && user.role !== 'admin' && job.createdBy !== user.email)
        return problem(
          c,
          403,
          `the rejected rows of import ${id} are for who sent it and admins: they may hold what a manager may not see, such as wages and hourly costs`,
        );
      const path = imports ? await imports.rejects(id) : null;
      if (!path)
        return problem(
          c,
          404,
          `no rejects of import ${id}: it ran without skipBadRows, has not finished, or is forgotten`,
        );
      const body = Readable.toWeb(createReadStream(path)) as ReadableStream<Uint8Array>;
      return c.body(body, 200, {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="servicemeter-rejects-${id}.csv"`,
      });
    });
}
