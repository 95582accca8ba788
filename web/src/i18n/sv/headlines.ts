import type english from '../en/headlines.js';

const messages: Record<keyof typeof english, string> = {};

export default messages;
