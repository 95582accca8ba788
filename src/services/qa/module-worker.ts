/**
 * Starts a worker thread from a module next to the caller, both from the built dist/ (the .js file
 * tsc wrote) and from the TypeScript sources the tests run (the .ts file, which Node cannot run
 * itself: the worker registers module hooks that strip its types and those of the project modules
 * it imports, with the TypeScript compiler the project builds with).
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/** Module hooks, run in Node's loader thread: `./x.js` imported from a .ts module is `./x.ts`. */
function typescriptHooks(compiler: string): string {
  return `
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
const ts = (await import(${JSON.stringify(compiler)})).default;
export async function resolve(specifier, context, next) {
  if (specifier.startsWith('.') && specifier.endsWith('.js') && context.parentURL?.endsWith('.ts')) {
    const url = new URL(specifier.slice(0, -3) + '.ts', context.parentURL);
    if (existsSync(fileURLToPath(url))) return { url: url.href, shortCircuit: true };
  }
  return next(specifier, context);
}
export async function load(url, context, next) {
  if (!url.endsWith('.ts')) return next(url, context);
  const source = await readFile(new URL(url), 'utf8');
  const output = ts.transpileModule(source, {
    fileName: fileURLToPath(url),
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: true },
  });
  return { format: 'module', source: output.outputText, shortCircuit: true };
}`;
}

/** `built` is the module's URL as built (`new URL('./x.js', import.meta.url)`). */
export function startModuleWorker(built: URL, options: WorkerOptions = {}): Worker {
  const path = fileURLToPath(built);
  if (existsSync(path)) return new Worker(built, options);
  const source = path.replace(/\.js$/, '.ts');
  if (!existsSync(source)) throw new Error(`worker module ${path} not found (nor ${source})`);
  const compiler = pathToFileURL(createRequire(built).resolve('typescript')).href;
  const hooks = `data:text/javascript,${encodeURIComponent(typescriptHooks(compiler))}`;
  const bootstrap = `require('node:module').register(${JSON.stringify(hooks)});
import(${JSON.stringify(pathToFileURL(source).href)});`;
  return new Worker(bootstrap, { ...options, eval: true });
}
