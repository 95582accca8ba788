/** English messages of the headlines area; the other languages mirror these keys. */
const messages = {};

export default messages;
