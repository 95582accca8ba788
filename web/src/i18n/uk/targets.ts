import type english from '../en/targets.js';

const messages: Record<keyof typeof english, string> = {};

export default messages;
