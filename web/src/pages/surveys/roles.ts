import type { Role } from '../../api.js';
import type { MessageKey } from '../../i18n/index.js';
import type { SurveyStatus, SurveyType } from './api.js';

/** Admins and managers make and change surveys; the server refuses the others the same. */
export function canEditSurveys(role: Role): boolean {
  return role === 'admin' || role === 'manager';
}

export const SURVEY_TYPE_KEYS: Record<SurveyType, MessageKey> = {
  post_contact: 'surveys.type.post_contact',
  self_service: 'surveys.type.self_service',
  relationship: 'surveys.type.relationship',
  suggestion: 'surveys.type.suggestion',
  custom: 'surveys.type.custom',
};

const STATUS_KEYS: Record<SurveyStatus, MessageKey> = {
  draft: 'surveys.status.draft',
  active: 'surveys.status.active',
  paused: 'surveys.status.paused',
  archived: 'surveys.status.archived',
};

export function statusKey(status: SurveyStatus): MessageKey {
  return STATUS_KEYS[status];
}

export const SURVEY_STATUSES: readonly SurveyStatus[] = ['draft', 'active', 'paused', 'archived'];
