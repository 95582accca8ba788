import { anyone, everyRole, type Policies } from '../access.js';

export const SESSION_POLICIES: Policies = {
  health: anyone,
  getSetup: anyone,
  setup: anyone,
  login: anyone,

  logout: everyRole,
  getSession: everyRole,
  updateMe: everyRole,
  // Changing a password needs the person, not a script.
  changePassword: { ...everyRole, sessionOnly: true },
};
