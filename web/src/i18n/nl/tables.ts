import type english from '../en/tables.js';

const messages: Record<keyof typeof english, string> = {};

export default messages;
