// The demo's link to samtykke-receipts (`cargo xtask demo` starts both and sets the variables):
//
//   SAMTYKKE_RECEIPTS_URL         where the receipts server listens (http://127.0.0.1:8081)
//   SAMTYKKE_RECEIPTS_TOKEN_FILE  its export token, which stays here, on the server side
//
// Routes, for startServer({ routes }):
//   GET  /consent.json        www/consent.json plus "recordUrl": "/v1/receipts"
//   POST /v1/receipts         forwarded to the receipts server (body, Content-Type and Origin)
//   GET  /demo/receipts?id=…  the receipts of that one consent id, read back through the export:
//                             a visitor can read only the receipts of an id they hold (a random
//                             UUID in their own localStorage). Demo only: a real site gives the
//                             token to its auditor and never proxies the export to visitors.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

// Not imported from server.mjs: its command line imports this file while it is still running its
// top-level await, and a module cycle there never settles (the demo server hung before its url).
const WWW = fileURLToPath(new URL('../../www/', import.meta.url));

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function reply(res, status, body, type = 'application/json; charset=utf-8') {
  res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' });
  res.end(body);
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on('data', (c) => {
      size += c.length;
      if (size > 16 * 1024) req.destroy(new Error('too large'));
      else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** The routes hook, or null when the variables are not set. */
export function receiptsRoutes(env = process.env) {
  const base = env.SAMTYKKE_RECEIPTS_URL;
  const tokenFile = env.SAMTYKKE_RECEIPTS_TOKEN_FILE;
  if (!base || !tokenFile) return null;
  const token = readFileSync(tokenFile, 'utf8').trim();
  return async (req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    if (url.pathname === '/consent.json' && req.method === 'GET') {
      const config = JSON.parse(readFileSync(join(WWW, 'consent.json'), 'utf8'));
      reply(res, 200, JSON.stringify({ ...config, recordUrl: '/v1/receipts' }, null, 2));
      return true;
    }
    if (url.pathname === '/v1/receipts' && req.method === 'POST') {
      try {
        const body = await readBody(req);
        const answer = await fetch(`${base}/v1/receipts`, {
          method: 'POST',
          headers: {
            'Content-Type': req.headers['content-type'] ?? '',
            ...(req.headers.origin ? { Origin: req.headers.origin } : {}),
          },
          body,
        });
        reply(res, answer.status, await answer.text());
      } catch (err) {
        reply(res, 502, JSON.stringify({ error: `the receipts server does not answer: ${err.message}` }));
      }
      return true;
    }
    if (url.pathname === '/demo/receipts' && req.method === 'GET') {
      const id = url.searchParams.get('id') ?? '';
      if (!UUID.test(id)) {
        reply(res, 400, JSON.stringify({ error: 'id must be a consent id (a UUID)' }));
        return true;
      }
      try {
        const answer = await fetch(`${base}/v1/receipts?id=${id}`, { headers: { Authorization: `Bearer ${token}` } });
        reply(res, answer.status, await answer.text(), answer.headers.get('content-type') ?? 'text/plain');
      } catch (err) {
        reply(res, 502, JSON.stringify({ error: `the receipts server does not answer: ${err.message}` }));
      }
      return true;
    }
    return false;
  };
}
