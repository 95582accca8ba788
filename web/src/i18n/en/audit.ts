/** English messages of the audit area; the other languages mirror these keys. */
const messages = {
  'audit.at': 'Time',
  'audit.action': 'Action',
  'audit.user': 'User',
  'audit.target': 'Target',
  'audit.ip': 'IP address',
  'audit.detail': 'Detail',
};

export default messages;
