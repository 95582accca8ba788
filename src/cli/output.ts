import type { ImportProgress } from '../services/import.js';

/**
 * Standard output carries what a command produced: the import, sync, export and rebuild summaries,
 * the KPI table with its notes, JSON and CSV. Standard error carries everything about the run or
 * the data that is not the result: errors, warnings about the imported data, progress, prompts and
 * the server's status, so `servicemeter … > result.txt` keeps the result whole and shows the rest.
 */
export const out = (text: string) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
export const note = (text: string) => process.stderr.write(`${text}\n`);

export function progressPrinter(): ((p: ImportProgress) => void) | undefined {
  if (!process.stderr.isTTY) return undefined;
  let last = 0;
  return (p) => {
    const now = Date.now();
    if (now - last < 200 && p.phase === 'check') return;
    last = now;
    const text =
      p.phase === 'check'
        ? `checking ${p.file} ${p.totalBytes > 0 ? Math.floor((100 * p.bytesRead) / p.totalBytes) : 100}%`
        : p.phase === 'load'
          ? `loading ${p.file} (${p.rows.toLocaleString('en-US')} rows)`
          : 'rebuilding facts';
    process.stderr.write(`\r\x1b[2K${text}`);
  };
}

export function clearProgress() {
  if (process.stderr.isTTY) process.stderr.write('\r\x1b[2K');
}
