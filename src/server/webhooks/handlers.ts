import type { Context } from 'hono';
import { FRESHDESK_BODY_TEMPLATE, FRESHDESK_SECRET_HEADER } from '../../ingest/webhooks/freshdesk.js';
import { WEBHOOK_VENDORS } from '../../ingest/webhooks/vendor.js';
import { WebhookRuntime } from '../../services/webhooks/runtime.js';
import {
  createWebhookSource,
  deleteWebhookSource,
  isVendorName,
  listWebhookSources,
  replaceWebhookSecret,
  VENDORS,
  type WebhookSourceError,
  type WebhookSourceWithSecret,
  webhookEventCounts,
  withoutSecret,
} from '../../services/webhooks/sources.js';
import { signedIn } from '../auth.js';
import { featureRouter, type ServerContext } from '../context.js';
import { metrics } from '../metrics.js';
import { problem } from '../problem.js';
import { addressKey, FailureLimiter, type LimitRule } from '../rate-limit.js';
import * as r from './routes.js';

/**
 * Refused webhook requests (wrong signature, unknown source, unreadable body) allowed per address
 * before the address is answered 429 without being looked at: a vendor whose secret is wrong is
 * held back too, and retries later, as vendors do.
 */
export const WEBHOOK_REFUSALS: LimitRule = { failures: 30, windowMs: 5 * 60_000 };

function sourceErrorText(error: WebhookSourceError): string {
  return error.kind === 'not_found' ? `no webhook source ${error.id}` : `${error.field}: ${error.reason}`;
}

function sourceProblem(c: Context, error: WebhookSourceError) {
  return error.kind === 'not_found'
    ? problem(c, 404, sourceErrorText(error))
    : problem(c, 400, sourceErrorText(error), { issues: [sourceErrorText(error)] });
}

const VENDOR_INFO = WEBHOOK_VENDORS.map((name) => ({
  name,
  scheme: VENDORS[name].scheme,
  secretFrom: VENDORS[name].secretFrom,
  ...(name === 'freshdesk'
    ? { secretHeader: FRESHDESK_SECRET_HEADER, bodyTemplate: FRESHDESK_BODY_TEMPLATE }
    : {}),
}));

export function webhooksRouter(ctx: ServerContext) {
  const { engine, audit, ip, kpiResults, proxies } = ctx;
  const runtime = ctx.deps.webhooks ?? new WebhookRuntime(engine, engine, { now: ctx.now });
  runtime.onImported((change) => kpiResults.forget(change));
  const refusals = new FailureLimiter(WEBHOOK_REFUSALS);

  /** The server's address as the caller reached it, through a trusted proxy's forwarded host. */
  const origin = (c: Context) => {
    const forwardedHost = proxies === null ? undefined : c.req.header('x-forwarded-host');
    if (forwardedHost) return `${c.req.header('x-forwarded-proto') ?? 'https'}://${forwardedHost}`;
    return new URL(c.req.url).origin;
  };
  const view = (
    c: Context,
    source: WebhookSourceWithSecret,
    counts?: { waiting: number; failed: number },
  ) => ({
    ...withoutSecret(source),
    url: `${origin(c)}/api/webhooks/${source.vendor}/${source.id}`,
    eventsWaiting: counts?.waiting ?? 0,
    eventsFailed: counts?.failed ?? 0,
  });

  return (
    featureRouter()
      .openapi(r.listWebhookSources, async (c) => {
        const [sources, counts] = await Promise.all([listWebhookSources(engine), webhookEventCounts(engine)]);
        return c.json(
          { vendors: VENDOR_INFO, sources: sources.map((source) => view(c, source, counts.get(source.id))) },
          200,
        );
      })

      .openapi(r.createWebhookSource, async (c) => {
        const input = c.req.valid('json');
        const created = await createWebhookSource(engine, input, ctx.now());
        if (!created.ok)
          return problem(c, 400, sourceErrorText(created.error), {
            issues: [sourceErrorText(created.error)],
          });
        runtime.intake.forgetSources();
        const madeHere = input.secret === undefined;
        await audit(c, signedIn(c).user, 'webhook.create', {
          target: created.data.id,
          detail: {
            vendor: created.data.vendor,
            source: created.data.source,
            secretFrom: madeHere ? 'servicemeter' : 'vendor',
          },
        });
        return c.json(
          { ...view(c, created.data), ...(madeHere ? { secret: created.data.secret } : {}) },
          201,
        );
      })

      .openapi(r.replaceWebhookSecret, async (c) => {
        const { id } = c.req.valid('param');
        const { secret } = c.req.valid('json');
        const replaced = await replaceWebhookSecret(engine, id, secret);
        if (!replaced.ok) return sourceProblem(c, replaced.error);
        runtime.intake.forgetSources();
        await audit(c, signedIn(c).user, 'webhook.secret', {
          target: id,
          detail: { secretFrom: secret === undefined ? 'servicemeter' : 'vendor' },
        });
        const counts = (await webhookEventCounts(engine)).get(id);
        return c.json(
          {
            ...view(c, replaced.data, counts),
            ...(secret === undefined ? { secret: replaced.data.secret } : {}),
          },
          200,
        );
      })

      .openapi(r.deleteWebhookSource, async (c) => {
        const { id } = c.req.valid('param');
        const removed = await deleteWebhookSource(engine, id);
        if (!removed.ok) return problem(c, 404, sourceErrorText(removed.error));
        runtime.intake.forgetSources();
        await audit(c, signedIn(c).user, 'webhook.delete', {
          target: id,
          detail: { vendor: removed.data.vendor, source: removed.data.source },
        });
        return c.json(view(c, { ...removed.data, secret: '' }), 200);
      })

      // Public: the vendor's signature is the authentication. The body is read as bytes, whatever
      // its content type, and parsed only after it was verified.
      .openapi(r.receiveWebhook, async (c) => {
        const { vendor, sourceId } = c.req.valid('param');
        // The path is the caller's to choose: a made-up vendor must not become a series of its own.
        const vendorLabel = isVendorName(vendor) ? vendor : 'unknown';
        const address = addressKey(ip(c));
        const wait = refusals.retryAfter(address, Date.now());
        if (wait > 0)
          return problem(
            c,
            429,
            `too many refused webhook requests from this address; try again in ${wait} s`,
            {
              headers: { 'Retry-After': String(wait) },
            },
          );
        const body = new Uint8Array(await c.req.arrayBuffer());
        const outcome = await runtime.intake.receive(vendor, sourceId, {
          headers: c.req.raw.headers,
          body,
          url: c.req.url,
        });
        switch (outcome.outcome) {
          case 'stored':
            metrics.webhookEvent(vendorLabel, 'accepted', outcome.accepted);
            return c.json({ accepted: outcome.accepted, repeated: outcome.repeated }, 200);
          case 'unknown_source':
            metrics.webhookEvent(vendorLabel, 'refused');
            refusals.fail(address, Date.now());
            return problem(c, 404, `no ${vendor} webhook source ${sourceId}`);
          case 'refused':
            metrics.webhookEvent(vendorLabel, 'refused');
            refusals.fail(address, Date.now());
            return problem(c, 401, outcome.reason);
          case 'unreadable':
            metrics.webhookEvent(vendorLabel, 'refused');
            refusals.fail(address, Date.now());
            return problem(c, 400, outcome.reason);
          default: {
            const unreachable: never = outcome;
            throw new Error(`unknown intake outcome ${JSON.stringify(unreachable)}`);
          }
        }
      })
  );
}
