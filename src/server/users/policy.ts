import { type Policies, roles } from '../access.js';

export const USERS_POLICIES: Policies = {
  listUsers: roles('admin'),
  createUser: roles('admin'),
  updateUser: roles('admin'),
  deleteUser: roles('admin'),
};
