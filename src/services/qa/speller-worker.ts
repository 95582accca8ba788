/**
 * The spelling dictionaries, in a worker thread: loading one is seconds of CPU (the Ukrainian one
 * about 11 s and 430 MB), which on the main thread would stop the server answering. Each message
 * is a list of words per language; the answer is the words the language's dictionary does not know.
 * A dictionary is loaded the first time its language is asked, and kept.
 */
import { createRequire } from 'node:module';
import { parentPort } from 'node:worker_threads';
import { type CheckLanguage, type HunspellFiles, spellerFiles } from '../../core/qa/checks.js';

export interface SpellerRequest {
  id: number;
  words: Partial<Record<CheckLanguage, string[]>>;
}

export type SpellerResponse =
  | { id: number; unknown: Partial<Record<CheckLanguage, string[]>> }
  | { id: number; error: string };

interface Nspell {
  correct(word: string): boolean;
}

const requireFromHere = createRequire(import.meta.url);
const spellers = new Map<CheckLanguage, Promise<Nspell | null>>();

function speller(language: CheckLanguage): Promise<Nspell | null> {
  const known = spellers.get(language);
  if (known !== undefined) return known;
  const loading = (async (): Promise<Nspell | null> => {
    if (language === 'zh-CN') return null;
    const nspell = requireFromHere('nspell') as (dictionary: HunspellFiles) => Nspell;
    const dictionary = (await import(`dictionary-${language}`)) as { default: HunspellFiles };
    return nspell(spellerFiles(language, dictionary.default));
  })();
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
