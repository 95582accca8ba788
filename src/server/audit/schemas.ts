/** The audit log as the API lists it. Shared pieces are in ../schemas.ts. */
import { z } from '@hono/zod-openapi';
import { instant } from '../schemas.js';

export const AuditEntry = z
  .object({
    id: z.number().int(),
    at: instant,
    userId: z.string().nullable(),
    email: z.string().nullable(),
    action: z.string().openapi({ example: 'login.ok' }),
    target: z.string().nullable(),
    detail: z.record(z.string(), z.unknown()).nullable(),
    ip: z.string().nullable(),
  })
  .openapi('AuditEntry');
export type AuditEntry = z.infer<typeof AuditEntry>;

const pageNumber = z.coerce.number().int().min(1).default(1);

export const AuditQuery = z
  .object({
    page: pageNumber,
    pageSize: z.coerce.number().int().min(1).max(500).default(100),
    action: z.string().optional(),
    userId: z.string().optional(),
  })
  .openapi('AuditQuery');
export type AuditQuery = z.infer<typeof AuditQuery>;

export const AuditList = z
  .object({
    total: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
    rows: z.array(AuditEntry),
  })
  .openapi('AuditList');
export type AuditList = z.infer<typeof AuditList>;
