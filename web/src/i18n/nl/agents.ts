import type english from '../en/agents.js';

const messages: Record<keyof typeof english, string> = {};

export default messages;
