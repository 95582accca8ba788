import { anyone, type Policies, roles } from '../access.js';

export const WEBHOOKS_POLICIES: Policies = {
  listWebhookSources: roles('admin'),
  // A source's secret lets its holder write rows: only a signed-in admin sets one up or replaces it.
  createWebhookSource: { ...roles('admin'), sessionOnly: true },
  replaceWebhookSecret: { ...roles('admin'), sessionOnly: true },
  deleteWebhookSource: roles('admin'),
  // The vendor's signature (or shared secret) is the authentication, checked by the handler.
  receiveWebhook: anyone,
};
