import type english from '../en/format.js';

const messages: Record<keyof typeof english, string> = {};

export default messages;
