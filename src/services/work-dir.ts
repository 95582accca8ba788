/**
 * The temporary folders imports and syncs work in. Each is named after the process that made it,
 * `servicemeter-<kind>-p<pid>-XXXXXX` in the OS temp folder, so that one left behind by a process
 * that was killed outright (kill -9, a power cut) is recognised and removed by the next command.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const WORK_DIR = /^servicemeter-[a-z0-9-]+?-p(\d+)-[A-Za-z0-9]{6}$/;

/** A new, empty folder for `kind` (`import`, `zendesk-sync`, …), owned by this process. */
export function makeWorkDir(kind: string): Promise<string> {
  return mkdtemp(
    join(tmpdir(), `servicemeter-${kind.toLowerCase().replace(/[^a-z0-9-]/g, '-')}-p${process.pid}-`),
  );
}

function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // Another user's process: alive, only not ours to signal.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes the work folders whose process is gone; returns their paths. */
export async function removeStaleWorkDirs(parent = tmpdir()): Promise<string[]> {
  const entries = await readdir(parent, { withFileTypes: true }).catch(() => []);
  const removed: string[] = [];
  for (const entry of entries) {
    const pid = Number(WORK_DIR.exec(entry.name)?.[1]);
    if (!entry.isDirectory() || !Number.isSafeInteger(pid) || pid === process.pid || running(pid)) continue;
    const path = join(parent, entry.name);
    await rm(path, { recursive: true, force: true }).catch(() => undefined);
    removed.push(path);
  }
  return removed;
}
