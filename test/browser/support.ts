import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContextOptions, chromium, type Page } from 'playwright-core';

export const CLI = fileURLToPath(new URL('../../dist/src/cli/main.js', import.meta.url));
/** Screenshots kept for review, one per page and language (see test/browser/README.md). */
export const SCREENSHOTS = fileURLToPath(new URL('../../artifacts/screenshots/', import.meta.url));

/** Debian's Chromium, never a downloaded one. */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
    ],
  });
}

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI to its end, with `input` on its standard input. */
export async function runCli(args: readonly string[], input = ''): Promise<CliRun> {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString();
  });
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  child.stdin.end(input);
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, stdout, stderr };
}

export interface RunningServer {
  url: string;
  stop(): Promise<void>;
}

/** `servicemeter serve` on a free port; resolves once it prints its URL. */
export async function serve(db: string): Promise<RunningServer> {
  const child: ChildProcess = spawn(process.execPath, [CLI, 'serve', '--db', db, '--port', '0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start:\n${output}`)), 30_000);
    const read = (d: Buffer) => {
      output += d.toString();
      const found = /at (http:\/\/[^\s]+)/.exec(output);
      if (found?.[1]) {
        clearTimeout(timer);
        resolve(found[1].replace(/\/$/, ''));
      }
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', read);
    child.on('exit', (code) => reject(new Error(`serve exited with ${code}:\n${output}`)));
  });
  return {
    url,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}

/** Saves a full-page screenshot under artifacts/screenshots/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/**
 * Signs in on the dashboard at `url` in a fresh browser context and waits for the main
 * navigation (in whatever language the user chose before); a failed sign-in leaves a screenshot.
 * `context` adds to the context's options (a time zone, say).
 */
export async function signIn(
  browser: Browser,
  url: string,
  who: { email: string; password: string },
  context: BrowserContextOptions = {},
): Promise<Page> {
  const browserContext = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    acceptDownloads: true,
    ...context,
  });
  const page = await browserContext.newPage();
  await page.goto(url);
  await page.getByLabel('E-mail').fill(who.email);
  await page.getByLabel('Password').fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  try {
    await page.getByTestId('login-form').waitFor({ state: 'detached' });
    await page.getByRole('navigation').first().waitFor();
  } catch (error) {
    await screenshot(page, `failed-sign-in-${who.email}`);
    throw error;
  }
  return page;
}

export interface DemoDashboard {
  dir: string;
  db: string;
  server: RunningServer;
  browser: Browser;
}

/** A fresh demo database (made by `servicemeter demo`, not served by it), a server on it and Chromium. */
export async function openDemo(
  name: string,
  options: { contacts: number; seed: number },
): Promise<DemoDashboard> {
  const dir = await mkdtemp(join(tmpdir(), `servicemeter-${name}-`));
  const db = join(dir, 'demo.duckdb');
  const made = await runCli([
    'demo',
    '--db',
    db,
    '--contacts',
    String(options.contacts),
    '--seed',
    String(options.seed),
    '--replace',
    '--no-serve',
  ]);
  if (made.code !== 0) throw new Error(`servicemeter demo failed:\n${made.stderr}`);
  return { dir, db, server: await serve(db), browser: await launchChromium() };
}
