import { useMemo } from 'react';
import { useAppData } from './app-data.js';
import { type I18n, type MessageKey, useI18n } from './i18n/index.js';

/**
 * Display names of dimensions and their values: team and agent names from the data, channels,
 * priorities, statuses and the like translated; anything unknown (topics, imported ids) as it is.
 */
export function useLabels() {
  const i18n = useI18n();
  const { filterValues } = useAppData();
  return useMemo(() => makeLabels(i18n, filterValues), [i18n, filterValues]);
}

type Names = { team: { id: string; name: string | null }[]; agent: { id: string; name: string | null }[] };

export function makeLabels(i18n: Pick<I18n, 't'>, names: Names) {
  const { t } = i18n;
  const teams = new Map(names.team.map((x) => [x.id, x.name ?? x.id]));
  const agents = new Map(names.agent.map((x) => [x.id, x.name ?? x.id]));
  const known = (key: string): string | null => {
    const text = t(key as MessageKey);
    return text === key ? null : text;
  };
  return {
    dimension: (dimension: string): string => known(`dimension.${dimension}`) ?? dimension,
    value: (dimension: string, value: string | number | null | undefined): string => {
      if (value === null || value === undefined || value === '') return t('value.none');
      const v = String(value);
      switch (dimension) {
        case 'team':
          return teams.get(v) ?? v;
        case 'agent':
          return agents.get(v) ?? v;
        case 'channel':
          return known(`channel.${v}`) ?? v;
        case 'priority':
          return known(`priority.${v}`) ?? v;
        case 'escalation_type':
          return known(`escalation.${v}`) ?? v;
        case 'status':
          return known(`contactStatus.${v}`) ?? v;
        case 'event':
          return known(`event.${v}`) ?? v;
        case 'actor':
          return known(`actor.${v}`) ?? v;
        case 'role':
          return known(`role.${v}`) ?? v;
        case 'survey_kind':
          return known(`survey.${v}`) ?? v;
        case 'shrinkage_reason':
          return known(`shrinkage.${v}`) ?? v;
        default:
          return v;
      }
    },
    team: (id: string | null | undefined) => (id ? (teams.get(id) ?? id) : t('value.none')),
    agent: (id: string | null | undefined) => (id ? (agents.get(id) ?? id) : t('value.none')),
  };
}
export type Labels = ReturnType<typeof makeLabels>;
