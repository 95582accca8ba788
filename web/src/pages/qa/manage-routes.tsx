import type { ReactNode } from 'react';
import type { Role } from '../../api.js';
import { Calibration, CalibrationSession } from './Calibration.js';
import { Checks } from './Checks.js';
import { Coaching } from './Coaching.js';
import { canSeeQaPage, QA_MANAGE_PAGES, type QaManagePage } from './manage.js';
import { Quality } from './Quality.js';
import { Sampling } from './Sampling.js';
import { ScorecardEditorPage } from './ScorecardEditor.js';
import { Scorecards } from './Scorecards.js';

function isManagePage(page: string | undefined): page is QaManagePage {
  return (QA_MANAGE_PAGES as readonly string[]).includes(page ?? '');
}

/**
 * The quality coach's pages under /qa/<page>[/<id>], as far as the reader's role opens them; null
 * for an address that is not one of them or not theirs, which the router answers as not found.
 */
export function qaManagePage([page, id]: readonly string[], role: Role): ReactNode | null {
  if (!isManagePage(page) || !canSeeQaPage(role, page)) return null;
  switch (page) {
    case 'quality':
      return id ? null : <Quality />;
    case 'scorecards':
      if (!id) return <Scorecards />;
      return <ScorecardEditorPage key={id} scorecardId={id === 'new' ? null : id} />;
    case 'sampling':
      return id ? null : <Sampling />;
    case 'calibration':
      return id ? <CalibrationSession key={id} sessionId={id} /> : <Calibration />;
    case 'coaching':
      return id ? null : <Coaching />;
    case 'checks':
      return id ? null : <Checks />;
  }
}
