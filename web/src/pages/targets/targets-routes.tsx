import type { ReactNode } from 'react';
import type { Role } from '../../api.js';
import { Targets } from './Targets.js';
import { canSeeTargetsPage } from './targets.js';

/** The targets page at /targets for the roles that plan or review; null otherwise (not found). */
export function targetsPage(segments: readonly string[], role: Role): ReactNode | null {
  if (segments.length > 0 || !canSeeTargetsPage(role)) return null;
  return <Targets />;
}
