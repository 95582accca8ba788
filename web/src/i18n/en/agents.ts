/** English messages of the agents area; the other languages mirror these keys. */
const messages = {};

export default messages;
