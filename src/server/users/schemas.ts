/** The bodies of user management. Shared pieces are in ../schemas.ts. */
import { z } from '@hono/zod-openapi';
import { email, Locale, password, passwordNotEmail, Role, User } from '../schemas.js';

export const UserCreate = z
  .object({
    email,
    password,
    name: z.string().trim().min(1).max(200).optional(),
    role: Role,
    agentId: z.string().min(1).optional().openapi({ description: 'required for role agent' }),
    locale: Locale.optional(),
  })
  .superRefine(passwordNotEmail)
  .openapi('UserCreate');
export type UserCreate = z.infer<typeof UserCreate>;

export const UserUpdate = z
  .object({
    name: z.string().trim().min(1).max(200).nullable(),
    role: Role,
    agentId: z.string().min(1).nullable(),
    password,
    locale: Locale,
    disabled: z.boolean(),
  })
  .partial()
  .openapi('UserUpdate');
export type UserUpdate = z.infer<typeof UserUpdate>;

export const UserList = z.object({ users: z.array(User) }).openapi('UserList');
