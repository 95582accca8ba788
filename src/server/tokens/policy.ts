import { everyRole, type Policies } from '../access.js';

export const TOKENS_POLICIES: Policies = {
  listTokens: everyRole,
  // A token cannot mint or revoke tokens: a leaked one must not be able to entrench itself.
  createToken: { ...everyRole, sessionOnly: true },
  revokeToken: { ...everyRole, sessionOnly: true },
};
