/** English messages of the common area; the other languages mirror these keys. */
const messages = {
  'nav.label': 'Main',
  'nav.skip': 'Skip to content',
  'nav.overview': 'Overview',
  'nav.trends': 'Trends',
  'nav.breakdown': 'Breakdown',
  'nav.agents': 'Agents',
  'nav.myScorecard': 'My scorecard',
  'nav.heatmap': 'Heatmap',
  'nav.contacts': 'Contacts',
  'nav.settings': 'Settings',
  'nav.users': 'Users',
  'language.label': 'Language',

  'action.signOut': 'Sign out',
  'action.retry': 'Try again',
  'action.done': 'Done',
  'action.save': 'Save',
  'action.cancel': 'Cancel',
  'action.edit': 'Edit',
  'action.delete': 'Delete',
  'action.remove': 'Remove',
  'action.exportView': 'Download this view (CSV)',
  'action.exportContacts': 'Download these contacts (CSV)',

  'state.loading': 'Loading…',
  'error.network': 'The server did not answer. Check that servicemeter serve is running.',
  'error.badRequest': 'The request was not accepted',
  'error.signIn': 'Please sign in again',
  'error.forbidden': 'You may not see this',
  'error.notFound': 'Not found',
  'error.conflict': 'This conflicts with the current data',
  'error.tooMany': 'Too many attempts: wait a moment',
  'error.server': 'The server ran into an error',
  'status.stale':
    'Data was imported after the facts were last rebuilt: the numbers are not current. Run servicemeter rebuild.',
  'empty.noDataTitle': 'No data yet',
  'empty.noDataBody':
    'Import your helpdesk, phone or survey exports with servicemeter import. Stop this server first (it holds the database), import, then serve again, for example:',
  'empty.noDataDemo': 'Or try the dashboard with generated demo data:',
  'empty.noMatch': 'Nothing matches these filters in this period. Widen the period or remove a filter.',

  'password.hint': 'At least 10 characters; not a well-known password and not your e-mail.',
  'user.name': 'Name',
  'notFound.title': 'Page not found',
  'notFound.back': 'Back to the overview',

  'role.admin': 'Administrator',
  'role.manager': 'Manager',
  'role.agent': 'Agent',
  'role.viewer': 'Viewer',
  'role.finance': 'Finance',

  'value.none': '(none)',
  'value.yes': 'Yes',
  'value.no': 'No',
  'value.n': 'n = {n}',
  'value.withheld': 'Withheld',
  'value.withheldWhy':
    'Covers a day on which part of your team’s work was exactly one colleague’s: next to your own or other figures it would reveal theirs.',

  'value.interval': '95 % interval {low} – {high}',

  'unit.pp': 'pp',
  'unit.points': 'points',
  'unit.percent': '%',
  'unit.value': 'value',

  'column.period': 'Period',
  'column.n': 'n',
  'column.interval': '95 % interval',
  'column.change': 'Change vs previous period',
  'column.actions': 'Actions',

  'pager.label': 'Pages',
  'pager.previous': 'Previous page',
  'pager.next': 'Next page',
  'pager.range': '{first}–{last} of {total}',
  'table.sortBy': 'Sort by {column}',
};

export default messages;
