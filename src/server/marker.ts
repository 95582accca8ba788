import { readFileSync } from 'node:fs';

/** Kept apart from the server so the CLI can read it without loading the server. */
export interface ServerMarker {
  pid: number;
  url: string;
  startedAt: string;
}

export const markerPath = (dbPath: string) => `${dbPath}.server.json`;

/** The server that holds a database, from its marker file; null when there is none. */
export function readServerMarker(dbPath: string): ServerMarker | null {
  try {
    const marker = JSON.parse(readFileSync(markerPath(dbPath), 'utf8')) as ServerMarker;
    return typeof marker.url === 'string' && typeof marker.pid === 'number' ? marker : null;
  } catch {
    return null;
  }
}
