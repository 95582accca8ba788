import type english from '../en/trends.js';

const messages: Record<keyof typeof english, string> = {};

export default messages;
