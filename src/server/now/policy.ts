import { everyRole, type Policies } from '../access.js';

/** Every role: the service limits an agent to their own work and a viewer to the counts. */
export const NOW_POLICIES: Policies = {
  getNow: everyRole,
  streamNow: everyRole,
};
