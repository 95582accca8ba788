/** English messages of the time area; the other languages mirror these keys. */
const messages = {};

export default messages;
