/** English messages of the trends area; the other languages mirror these keys. */
const messages = {};

export default messages;
