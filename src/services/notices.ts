/**
 * What the reader of a result should know to read it right. Each notice has a code and its numbers,
 * so the dashboard can say it in the reader's language; `noticeText` is the English that the CLI
 * prints and the API's `notes` carry.
 */
export type Notice =
  | { code: 'stale_facts' }
  | { code: 'without_calendar'; contacts: number }
  | { code: 'withheld' }
  | { code: 'own_contacts_only' };

export function noticeText(notice: Notice): string {
  switch (notice.code) {
    case 'stale_facts':
      return 'data was imported after the facts were last rebuilt: run `servicemeter rebuild` for current numbers.';
    case 'without_calendar':
      return `${notice.contacts} contacts have no business-hours calendar (no team calendar and no default): their business-hours durations equal calendar time.`;
    case 'withheld':
      return "Figures that cover exactly one of your colleagues are withheld: next to your own, they would be that colleague's.";
    case 'own_contacts_only':
      return 'only contacts assigned to you are listed';
    default: {
      const unknown: never = notice;
      throw new Error(`unknown notice ${JSON.stringify(unknown)}`);
    }
  }
}
