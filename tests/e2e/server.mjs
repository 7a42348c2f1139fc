// Static demo server for samtykke (Node 20, no dependencies).
//
//   node tests/e2e/server.mjs [--port 8080] [--dist path/to/dist]
//
// Serves www/ at "/" and maps "/samtykke/*" to the build output (dist/, or $SAMTYKKE_DIST).
// Listens on 127.0.0.1 only. Every response carries Cache-Control: no-store, except the files
// served when startServer({ cacheControl }) says otherwise (the benchmark's warm HTTP cache).
// Tests use startServer({ routes }) to inject faults: routes(req, res) returns true when it
// answered the request itself. startServer({ headers }) adds response headers per path:
// headers(path, req) returns an object of extra headers (or nothing), e.g. a Content-Security-Policy.

import { createServer } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const HERE = fileURLToPath(new URL('.', import.meta.url));
export const REPO = resolve(HERE, '..', '..');
export const WWW = join(REPO, 'www');

export const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.wasm': 'application/wasm',
  '.ts': 'text/plain; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.map': 'application/json; charset=utf-8',
};

function send(res, status, body, type = 'text/plain; charset=utf-8') {
  res.writeHead(status, {
    'Content-Type': type,
    'Content-Length': Buffer.byteLength(body),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  res.end(body);
}

/** Resolve a URL path below root; null when it escapes root or is malformed. */
function safeJoin(root, urlPath) {
  let decoded;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const segments = decoded.split('/');
  if (segments.some((s) => s === '..')) return null;
  const full = resolve(root, '.' + '/' + segments.filter((s) => s !== '' && s !== '.').join('/'));
  if (full !== root && !full.startsWith(root + sep)) return null;
  return full;
}

async function serveFile(req, res, root, urlPath, cacheControl = 'no-store') {
  let file = safeJoin(root, urlPath);
  if (file === null) return send(res, 400, 'Bad request\n');
  let info;
  try {
    info = await stat(file);
    if (info.isDirectory()) {
      file = join(file, 'index.html');
      info = await stat(file);
    }
  } catch {
    return send(res, 404, 'Not found\n');
  }
  if (!info.isFile()) return send(res, 404, 'Not found\n');
  const type = MIME[extname(file).toLowerCase()] ?? 'application/octet-stream';
  res.writeHead(200, {
    'Content-Type': type,
    'Content-Length': info.size,
    'Cache-Control': cacheControl,
    'X-Content-Type-Options': 'nosniff',
  });
  if (req.method === 'HEAD') return res.end();
  const stream = createReadStream(file);
  stream.on('error', () => res.destroy());
  stream.pipe(res);
}

/**
 * Start the demo server.
 * @param {{port?: number, dist?: string, www?: string,
 *          routes?: (req: import('node:http').IncomingMessage,
 *                    res: import('node:http').ServerResponse) => boolean | Promise<boolean>,
 *          headers?: (path: string, req: import('node:http').IncomingMessage) =>
 *                    Record<string, string> | undefined | null,
 *          cacheControl?: string}} [options]
 *   cacheControl: the Cache-Control of every file served from www/ and dist/ (errors stay no-store).
 * @returns {Promise<{url: string, port: number, close: () => Promise<void>}>}
 */
export async function startServer({
  port = 0,
  dist = process.env.SAMTYKKE_DIST ?? join(REPO, 'dist'),
  www = WWW,
  routes,
  headers,
  cacheControl = 'no-store',
} = {}) {
  const distRoot = resolve(dist);
  const wwwRoot = resolve(www);
  const server = createServer(async (req, res) => {
    try {
      if (headers) {
        let extraPath = '/';
        try {
          extraPath = new URL(req.url, 'http://127.0.0.1').pathname;
        } catch {}
        // setHeader before writeHead: these apply to every response below, including the routes hook.
        for (const [name, value] of Object.entries(headers(extraPath, req) ?? {})) res.setHeader(name, value);
      }
      if (routes && (await routes(req, res))) return;
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.setHeader('Allow', 'GET, HEAD');
        return send(res, 405, 'Method not allowed\n');
      }
      let path;
      try {
        path = new URL(req.url, 'http://127.0.0.1').pathname;
      } catch {
        return send(res, 400, 'Bad request\n');
      }
      if (path === '/samtykke' || path.startsWith('/samtykke/')) {
        return await serveFile(req, res, distRoot, path.slice('/samtykke'.length) || '/', cacheControl);
      }
      return await serveFile(req, res, wwwRoot, path, cacheControl);
    } catch (err) {
      if (!res.headersSent) send(res, 500, 'Internal error\n');
      else res.destroy(err);
    }
  });
  // Keep-alive sockets would make close() wait; track them so close() is prompt.
  const sockets = new Set();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', fail);
      ok();
    });
  });
  const actual = server.address().port;
  return {
    url: `http://127.0.0.1:${actual}/`,
    port: actual,
    server,
    close: () =>
      new Promise((ok) => {
        server.close(() => ok());
        for (const s of sockets) s.destroy();
      }),
  };
}

function parseArgs(argv) {
  const out = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const [key, inline] = a.startsWith('--') ? a.slice(2).split('=', 2) : [null];
    if (key === 'port' || key === 'dist') {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`--${key} needs a value`);
      out[key] = key === 'port' ? Number(v) : v;
    } else if (key === 'help' || a === '-h') {
      out.help = true;
    } else {
      throw new Error(`unknown argument: ${a}`);
    }
  }
  if (out.port !== undefined && !(Number.isInteger(out.port) && out.port >= 0 && out.port < 65536)) {
    throw new Error('--port must be an integer from 0 to 65535');
  }
  return out;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  let args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (err) {
    console.error(`server.mjs: ${err.message}`);
    process.exit(2);
  }
  if (args.help) {
    console.log('usage: node tests/e2e/server.mjs [--port 8080] [--dist dist/]');
    process.exit(0);
  }
  // `cargo xtask demo` runs samtykke-receipts beside it: its routes (tests/e2e/receipts-demo.mjs).
  const routes = (await import('./receipts-demo.mjs')).receiptsRoutes() ?? undefined;
  const { url, close } = await startServer({ port: args.port ?? 8080, routes, ...(args.dist ? { dist: args.dist } : {}) });
  console.log(`samtykke demo: ${url}`);
  let closing = false;
  const stop = async () => {
    if (closing) return;
    closing = true;
    await close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

/** A port that is free on the loopback interface now, for a server a test starts as a child. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const s = createNetServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}
