/**
 * The main thread's side of the speller worker (speller-worker.ts): one worker per process, started
 * the first time words are asked and started again when it has died. It keeps the process alive only
 * while a question is open, so a CLI command ends when its work does; closeSpeller ends it.
 */
import type { Worker } from 'node:worker_threads';
import type { CheckLanguage } from '../../core/qa/checks.js';
import { startModuleWorker } from './module-worker.js';
import type { SpellerRequest, SpellerResponse } from './speller-worker.js';

export type WordsByLanguage = Partial<Record<CheckLanguage, string[]>>;

interface Pending {
  resolve: (unknown: WordsByLanguage) => void;
  reject: (error: Error) => void;
}

let worker: Worker | null = null;
let nextId = 1;
const pending = new Map<number, Pending>();

function failAll(error: Error): void {
  for (const open of pending.values()) open.reject(error);
  pending.clear();
}

function spellerWorker(): Worker {
  if (worker !== null) return worker;
  const started = startModuleWorker(new URL('./speller-worker.js', import.meta.url));
  started.on('message', (response: SpellerResponse) => {
    const open = pending.get(response.id);
    if (open === undefined) return;
    pending.delete(response.id);
    if (pending.size === 0) started.unref();
    if ('error' in response) open.reject(new Error(`spelling dictionary failed: ${response.error}`));
    else open.resolve(response.unknown);
  });
  started.on('error', (error) => {
    if (worker === started) worker = null;
    failAll(new Error(`spelling worker failed: ${error.message}`));
  });
  started.on('exit', (code) => {
    if (worker === started) worker = null;
    failAll(new Error(`spelling worker stopped (exit code ${code})`));
  });
  started.unref();
  worker = started;
  return started;
}

/** The words each language's dictionary does not know, out of the words given. */
export function unknownWords(words: WordsByLanguage): Promise<WordsByLanguage> {
  if (Object.keys(words).length === 0) return Promise.resolve({});
  const target = spellerWorker();
  const id = nextId++;
  return new Promise<WordsByLanguage>((resolve, reject) => {
    pending.set(id, { resolve, reject });
    // An open question keeps the process alive until its answer.
    target.ref();
    target.postMessage({ id, words } satisfies SpellerRequest);
  });
}

/** Ends the worker and its dictionaries (the next question starts a new one); open questions fail. */
export async function closeSpeller(): Promise<void> {
  const running = worker;
  if (running === null) return;
  worker = null;
  await running.terminate();
}
