/** English messages of the breakdown area; the other languages mirror these keys. */
const messages = {
  'breakdown.title': '{name} by {dimension}',
  'drill.linkLabel': '{name}: {value}. Show the contacts',
};

export default messages;
