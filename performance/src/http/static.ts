import { stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import compression from 'compression';
import express, { type Request, type Response, Router } from 'express';

/** dashboard-ui/dist of this checkout: three levels up from performance/src/http or performance/dist/http. */
export const DEFAULT_DASHBOARD_DIR = fileURLToPath(new URL('../../../dashboard-ui/dist/', import.meta.url));

/** Vite puts content-hashed files here: a changed file gets a new name, so they can be cached forever. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
/** index.html names the current hashed files: revalidate it every time (ETag makes that a cheap 304). */
const REVALIDATE = 'no-cache';

/** Paths the SPA never owns: the API, OTLP ingest, probes, and hashed assets (a missing one is a 404, not HTML). */
const NOT_THE_APP = /^\/(api|v1|healthz|readyz|assets)(\/|$)/;

/**
 * Browsers navigating send `Accept: text/html,…`; API clients (curl, fetch) send a wildcard and get the JSON 404 for a
 * path nothing serves, instead of the app's HTML.
 */
function asksForHtml(req: Request): boolean {
  return req.headers.accept?.includes('text/html') ?? false;
}

/**
 * Serves the built dashboard (Vite's dist) at `/`, compressed: hashed `/assets/*` as immutable, other files and
 * index.html as `no-cache`, and index.html for any other GET that wants HTML, so client-side routes
 * (`/services/shop`) survive a reload. The folder is checked per request: building the app while the service runs
 * is enough, and an unbuilt checkout gets a page saying how to build it instead of a bare 404.
 */
export function createDashboardStaticRouter({ distDir = DEFAULT_DASHBOARD_DIR }: { distDir?: string } = {}): Router {
  const router = Router();
  const indexFile = path.join(distDir, 'index.html');
  router.use(compression());
  router.use(
    '/assets',
    express.static(path.join(distDir, 'assets'), {
      index: false,
      fallthrough: true,
      setHeaders: (res) => res.setHeader('Cache-Control', IMMUTABLE),
    }),
  );
  router.use(
    express.static(distDir, {
      index: false,
      setHeaders: (res) => res.setHeader('Cache-Control', REVALIDATE),
    }),
  );
  router.use(async (req, res, next) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || NOT_THE_APP.test(req.path) || !asksForHtml(req)) {
      next();
      return;
    }
    if (!(await isFile(indexFile))) {
      notBuilt(res, distDir);
      return;
    }
    res.setHeader('Cache-Control', REVALIDATE);
    res.sendFile(indexFile, (err) => {
      if (err && !res.headersSent) next(err);
    });
  });
  return router;
}

async function isFile(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function notBuilt(res: Response, distDir: string): void {
  res
    .status(200)
    .setHeader('Cache-Control', 'no-store')
    .type('html')
    .send(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Stride: dashboard not built</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 3rem auto; line-height: 1.5">
<h1>The Stride dashboard is not built</h1>
<p>No <code>index.html</code> in <code>${escapeHtml(distDir)}</code>.</p>
<p>Build it from the repository root with <code>npm run build</code> (or only the app:
<code>npm run build -w dashboard-ui</code>), then reload this page; no restart is needed.
To serve a dashboard built elsewhere, set <code>STRIDE_DASHBOARD_DIR</code> to its <code>dist</code> folder.</p>
<p>The metrics service itself is running: the query API is at <code>/api/v1</code>
(<a href="/api/v1/openapi.json">OpenAPI document</a>), OTLP ingest at <code>/v1/metrics</code> and
<code>/v1/traces</code>.</p>
</body></html>
`);
}
