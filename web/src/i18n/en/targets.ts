/** English messages of the targets area; the other languages mirror these keys. */
const messages = {};

export default messages;
