import { everyRole, type Policies } from '../access.js';

export const SCORECARDS_POLICIES: Policies = {
  listScorecards: everyRole,
  getScorecard: everyRole,
};
