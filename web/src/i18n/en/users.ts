/** English messages of the users area; the other languages mirror these keys. */
const messages = {
  'users.tab.users': 'Users',
  'users.tab.tokens': 'API tokens',
  'users.tab.audit': 'Audit log',
  'users.add': 'Add user',
  'users.role': 'Role',
  'users.roleOf': 'Role of {email}',
  'users.agent': 'Agent',
  'users.agentOf': 'Agent of {email}',
  'users.lastLogin': 'Last sign-in',
  'users.status': 'Status',
  'users.active': 'Active',
  'users.disabled': 'Disabled',
  'users.enable': 'Enable',
  'users.disable': 'Disable',
  'users.resetPassword': 'Set password',
  'users.newPasswordPrompt': 'New password for {email} (at least 10 characters):',
  'users.you': 'you',
  'users.created': 'User {email} added.',
  'users.updated': 'User {email} changed.',
  'users.deleted': 'User {email} deleted.',
  'users.confirmDelete': 'Delete user {email}, their sessions and tokens?',
  'users.rolesHelp':
    'Administrator: everything. Manager: all data and exports, money figures as team totals, no users or settings. Agent: own scorecard, own contacts and team totals. Viewer: read-only totals, no contacts, exports or money figures. Finance: what a viewer sees, plus every money figure (costs, payroll, revenue, margin, lifetime value) and KPI exports.',
};

export default messages;
