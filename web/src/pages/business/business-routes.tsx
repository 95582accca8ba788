import type { ReactNode } from 'react';
import type { Role } from '../../api.js';
import { Business } from './Business.js';
import { type BusinessRole, canSeeBusiness } from './pages.js';

/**
 * The Business page at /business, as far as the reader's role opens it; null for an address below
 * it or a role it is not for (an agent), which the router answers as not found.
 */
export function businessPage(segments: readonly string[], role: Role | BusinessRole): ReactNode | null {
  if (segments.length > 0 || !canSeeBusiness(role as BusinessRole)) return null;
  return <Business />;
}
