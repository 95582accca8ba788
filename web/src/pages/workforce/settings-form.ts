import type { IntervalMinutes, QueueModel, StaffingTarget, WorkforceSettings } from './api.js';
import { INTERVALS, QUEUE_MODELS } from './api.js';
import { parseServiceLevel } from './heatmap.js';

/**
 * The planning settings as the form edits them: text fields in the units a team lead thinks in
 * (percentages, minutes, `80/20`), read back into the settings only when every field reads.
 */
export interface SettingsForm {
  graceMinutes: string;
  intervalMinutes: string;
  model: string;
  phoneTarget: string;
  chatTarget: string;
  emailMinutes: string;
  socialMinutes: string;
  chatConcurrency: string;
  maxOccupancyPercent: string;
  /** Empty: measured. */
  shrinkagePercent: string;
  writtenReplyMinutes: string;
}

export type SettingsField = keyof SettingsForm;

const trim = (n: number) => String(Number(n.toFixed(4)));

/** `80/20` for a service-level target; other kinds are not edited here and stay as they are. */
export function targetText(target: StaffingTarget): string | null {
  return target.kind === 'service-level' ? `${trim(target.share * 100)}/${target.seconds}` : null;
}

export function settingsFormOf(settings: WorkforceSettings): SettingsForm {
  return {
    graceMinutes: trim(settings.graceMinutes),
    intervalMinutes: String(settings.intervalMinutes),
    model: settings.model,
    phoneTarget: targetText(settings.targets.phone) ?? '',
    chatTarget: targetText(settings.targets.chat) ?? '',
    emailMinutes: trim(settings.targets.email.responseTargetSeconds / 60),
    socialMinutes: trim(settings.targets.social.responseTargetSeconds / 60),
    chatConcurrency: trim(settings.chatConcurrency),
    maxOccupancyPercent: trim(settings.maxOccupancy * 100),
    shrinkagePercent: settings.shrinkage === null ? '' : trim(settings.shrinkage * 100),
    writtenReplyMinutes: trim(settings.writtenReplyMinutes),
  };
}

function numberOf(text: string): number | null {
  const value = Number(text.trim().replace(',', '.'));
  return text.trim() !== '' && Number.isFinite(value) ? value : null;
}

/**
 * The form read back: the whole settings object, or the fields that do not read. A target that is
 * not a service level (an ASA or abandonment target set elsewhere) is kept when its field is empty.
 */
export function settingsOf(
  form: SettingsForm,
  current: WorkforceSettings,
): { ok: true; settings: WorkforceSettings } | { ok: false; invalid: SettingsField[] } {
  const invalid: SettingsField[] = [];
  const read = (field: SettingsField, accept: (n: number) => boolean): number => {
    const n = numberOf(form[field]);
    if (n === null || !accept(n)) {
      invalid.push(field);
      return 0;
    }
    return n;
  };
  const graceMinutes = read('graceMinutes', (n) => n >= 0 && n <= 240);
  const interval = Number(form.intervalMinutes);
  if (!(INTERVALS as readonly number[]).includes(interval)) invalid.push('intervalMinutes');
  if (!(QUEUE_MODELS as readonly string[]).includes(form.model)) invalid.push('model');
  const target = (field: 'phoneTarget' | 'chatTarget', kept: StaffingTarget): StaffingTarget => {
    if (form[field].trim() === '' && kept.kind !== 'service-level') return kept;
    const parsed = parseServiceLevel(form[field]);
    if (!parsed) invalid.push(field);
    return parsed ?? kept;
  };
  const phone = target('phoneTarget', current.targets.phone);
  const chat = target('chatTarget', current.targets.chat);
  const email = read('emailMinutes', (n) => n > 0 && n <= 60 * 24 * 14);
  const social = read('socialMinutes', (n) => n > 0 && n <= 60 * 24 * 14);
  const chatConcurrency = read('chatConcurrency', (n) => Number.isInteger(n) && n >= 1 && n <= 20);
  // The server plans for at least 30 % occupancy: below it staffing grows without purpose.
  const maxOccupancy = read('maxOccupancyPercent', (n) => n >= 30 && n <= 100);
  const shrinkage =
    form.shrinkagePercent.trim() === '' ? null : read('shrinkagePercent', (n) => n >= 0 && n < 100);
  const writtenReplyMinutes = read('writtenReplyMinutes', (n) => n > 0 && n <= 240);
  if (invalid.length > 0) return { ok: false, invalid };
  return {
    ok: true,
    settings: {
      graceMinutes,
      intervalMinutes: interval as IntervalMinutes,
      model: form.model as QueueModel,
      targets: {
        phone,
        chat,
        email: { responseTargetSeconds: Math.round(email * 60) },
        social: { responseTargetSeconds: Math.round(social * 60) },
      },
      chatConcurrency,
      maxOccupancy: maxOccupancy / 100,
      shrinkage: shrinkage === null ? null : shrinkage / 100,
      writtenReplyMinutes,
    },
  };
}
