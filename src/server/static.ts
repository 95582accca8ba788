/**
 * The dashboard: files of the built single-page app, with index.html for every other path so the
 * app's own routes survive a reload; a short page saying how to build it when it is missing.
 */
import { createReadStream, existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { Readable } from 'node:stream';
import type { Context } from 'hono';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json',
  '.webmanifest': 'application/manifest+json',
};

export const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>servicemeter</title></head>
<body><main><h1>servicemeter</h1>
<p>Dashboard not built — run <code>npm run build</code>, then start the server again.</p>
<p>The API is available: <a href="/api/openapi.json">/api/openapi.json</a>.</p>
</main></body></html>
`;

async function fileResponse(c: Context, path: string, immutable: boolean): Promise<Response> {
  const info = await stat(path);
  const type = TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
  const headers: Record<string, string> = {
    'Content-Type': type,
    'Content-Length': String(info.size),
    // Hashed asset names never change content; index.html must be fetched again to see new ones.
    'Cache-Control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
  };
  if (c.req.method === 'HEAD') return c.body(null, 200, headers);
  const body = Readable.toWeb(createReadStream(path)) as ReadableStream<Uint8Array>;
  return c.body(body, 200, headers);
}

export function dashboard(root: string | null) {
  const base = root === null ? null : resolve(root);
  return async (c: Context): Promise<Response> => {
    if (base === null || !existsSync(join(base, 'index.html'))) return c.html(NOT_BUILT_PAGE, 200);
    let path: string;
    try {
      path = decodeURIComponent(c.req.path);
    } catch {
      return c.text('Not found', 404);
    }
    const file = normalize(join(base, path));
    if (file.startsWith(base + sep) && existsSync(file) && (await stat(file)).isFile())
      return fileResponse(c, file, path.startsWith('/assets/'));
    // A missing file that looks like one (has an extension) is a 404, not the app.
    if (extname(path) !== '') return c.text('Not found', 404);
    return fileResponse(c, join(base, 'index.html'), false);
  };
}
