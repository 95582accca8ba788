/** The bodies of API tokens. Shared pieces are in ../schemas.ts. */
import { z } from '@hono/zod-openapi';
import { instant } from '../schemas.js';

export const Token = z
  .object({
    id: z.string(),
    name: z.string(),
    userId: z.string(),
    userEmail: z.string(),
    /** The first characters of the token, to recognise it. */
    prefix: z.string(),
    createdAt: instant,
    lastUsedAt: instant.nullable(),
    expiresAt: instant.nullable(),
  })
  .openapi('Token');
export type Token = z.infer<typeof Token>;

export const TokenCreate = z
  .object({
    name: z.string().trim().min(1).max(100),
    expiresInDays: z.number().int().min(1).max(3650).optional(),
  })
  .openapi('TokenCreate');
export type TokenCreate = z.infer<typeof TokenCreate>;

export const TokenCreated = Token.extend({
  token: z.string().openapi({ description: 'shown once; send as `Authorization: Bearer <token>`' }),
}).openapi('TokenCreated');
export type TokenCreated = z.infer<typeof TokenCreated>;

export const TokenList = z.object({ tokens: z.array(Token) }).openapi('TokenList');
