import type english from '../en/time.js';

const messages: Record<keyof typeof english, string> = {};

export default messages;
