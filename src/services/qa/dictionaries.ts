/**
 * The spelling dictionaries: the Hunspell files of the `dictionary-*` packages, read by Hunspell
 * itself (compiled to WebAssembly). Hunspell strips affixes when it checks a word, so loading a
 * dictionary only reads its stems: about half a second for the Ukrainian one, where expanding every
 * form up front (as nspell did) took 10 s of CPU and 430 MB.
 */
import { createHunspellFromStrings } from 'hunspell-wasm';
import type { CheckLanguage, Speller } from '../../core/qa/checks.js';

/** A Hunspell dictionary as the wooorm dictionary packages give it. */
interface HunspellFiles {
  aff: Uint8Array;
  dic: Uint8Array;
}

/** The language's speller; null for a language without a dictionary (Chinese has no word breaks to check). */
export async function loadSpeller(language: CheckLanguage): Promise<Speller | null> {
  if (language === 'zh-CN') return null;
  const files = ((await import(`dictionary-${language}`)) as { default: HunspellFiles }).default;
  // Every dictionary package declares SET UTF-8.
  const text = new TextDecoder('utf-8', { fatal: true });
  const hunspell = await createHunspellFromStrings(text.decode(files.aff), text.decode(files.dic));
  return { correct: (word) => hunspell.testSpelling(word) };
}
