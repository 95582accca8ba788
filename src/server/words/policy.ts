import { type Policies, roles } from '../access.js';

const staff = roles('admin', 'manager');
const readers = roles('admin', 'manager', 'agent', 'viewer');

/**
 * Customers' words. Topics, tone and brand attributes are aggregates: admins, managers and viewers
 * read them, agents too, over the texts of their own contacts only (handlers.ts). The messages
 * themselves are customers' words about someone's work: not for viewers, an agent only their own.
 * Finance reads none of it. Admins and managers name themes, describe the brand and run the
 * analysis; only admins change what is read.
 */
export const WORDS_POLICIES: Policies = {
  getWordsSettings: staff,
  updateWordsSettings: roles('admin'),
  analyseWords: staff,
  trainWordsModels: staff,
  getWordsTopics: readers,
  getWordsTermTrend: readers,
  listWordsThemes: readers,
  createWordsTheme: staff,
  mergeWordsThemes: staff,
  updateWordsTheme: staff,
  deleteWordsTheme: staff,
  getWordsTone: readers,
  listWordsAttributes: readers,
  replaceWordsAttributes: staff,
  getWordsAttributeProfile: readers,
  listWordsMessages: roles('admin', 'manager', 'agent'),
  exportWordsMessages: roles('admin', 'manager', 'agent'),
};
