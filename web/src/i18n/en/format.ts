/** English messages of the format area; the other languages mirror these keys. */
const messages = {};

export default messages;
