/** The bodies of health, setup, signing in and the own account. Shared pieces are in ../schemas.ts. */
import { z } from '@hono/zod-openapi';
import { email, instant, Locale, password, passwordNotEmail, User } from '../schemas.js';

export const Session = z
  .object({
    user: User,
    /** Echo in the `X-CSRF-Token` header of every POST, PUT, PATCH and DELETE. */
    csrfToken: z.string(),
    expiresAt: instant,
  })
  .openapi('Session');
export type Session = z.infer<typeof Session>;

export const LoginRequest = z.object({ email, password: z.string().min(1).max(200) }).openapi('LoginRequest');
export type LoginRequest = z.infer<typeof LoginRequest>;

export const SetupStatus = z
  .object({
    needed: z.boolean().openapi({ description: 'true until the first admin exists' }),
    tokenRequired: z.boolean().openapi({
      description:
        'true when this client is not on the server itself: POST /api/setup then needs the setup token the server printed at start',
    }),
  })
  .openapi('SetupStatus');
export type SetupStatus = z.infer<typeof SetupStatus>;

export const SetupRequest = z
  .object({
    email,
    password,
    name: z.string().trim().min(1).max(200).optional(),
    locale: Locale.optional(),
    setupToken: z.string().max(200).optional().openapi({
      description: 'the setup token `servicemeter serve` printed at start; needed from any other machine',
    }),
  })
  .superRefine(passwordNotEmail)
  .openapi('SetupRequest');
export type SetupRequest = z.infer<typeof SetupRequest>;

export const MeUpdate = z
  .object({ name: z.string().trim().min(1).max(200).nullable(), locale: Locale })
  .partial()
  .openapi('MeUpdate');
export type MeUpdate = z.infer<typeof MeUpdate>;

export const PasswordChange = z
  .object({ currentPassword: z.string().min(1).max(200), newPassword: password })
  .openapi('PasswordChange');
export type PasswordChange = z.infer<typeof PasswordChange>;

export const Health = z.object({ status: z.literal('ok'), version: z.string() }).openapi('Health');
