/**
 * The spelling dictionaries, in a worker thread: loading one takes up to half a second and checking
 * the words of a large batch seconds, which on the main thread would stop the server answering. Each
 * message is a list of words per language; the answer is the words the language's dictionary does
 * not know. A dictionary is loaded the first time its language is asked, and kept.
 */
import { parentPort } from 'node:worker_threads';
import type { CheckLanguage, Speller } from '../../core/qa/checks.js';
import { loadSpeller } from './dictionaries.js';

export interface SpellerRequest {
  id: number;
  words: Partial<Record<CheckLanguage, string[]>>;
}

export type SpellerResponse =
  | { id: number; unknown: Partial<Record<CheckLanguage, string[]>> }
  | { id: number; error: string };

const spellers = new Map<CheckLanguage, Promise<Speller | null>>();

function speller(language: CheckLanguage): Promise<Speller | null> {
  const known = spellers.get(language);
  if (known !== undefined) return known;
  const loading = loadSpeller(language);
  spellers.set(language, loading);
  return loading;
}

async function answer(request: SpellerRequest): Promise<SpellerResponse> {
  try {
    const unknown: Partial<Record<CheckLanguage, string[]>> = {};
    for (const [language, words] of Object.entries(request.words) as [CheckLanguage, string[]][]) {
      const dictionary = await speller(language);
      // A language without a dictionary finds no word wrong.
      unknown[language] = dictionary === null ? [] : words.filter((w) => !dictionary.correct(w));
    }
    return { id: request.id, unknown };
  } catch (error) {
    return { id: request.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
}

parentPort?.on('message', (request: SpellerRequest) => {
  void answer(request).then((response) => parentPort?.postMessage(response));
});
