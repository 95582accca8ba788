/** English messages of the tables area; the other languages mirror these keys. */
const messages = {};

export default messages;
