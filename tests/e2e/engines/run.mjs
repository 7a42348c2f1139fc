// The end-to-end subset (flows.mjs) in one engine, named by SAMTYKKE_ENGINE (chromium, firefox or
// webkit): `cargo xtask test` runs it once per engine, after the Chromium-only suite.
//
//   SAMTYKKE_ENGINE=firefox node --test tests/e2e/engines/run.mjs
//
// An engine whose browser or npm client is missing is skipped with one line on a developer's
// machine; with CI set (as .ci/run has it) that is a failure instead.
//
// The server is the demo server (server.mjs) plus: prelude.js first in every HTML page, /lang/<code>.html
// (the home page with <html lang="<code>">), and the strict policy on www/test/csp/index.html.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

import { WWW, startServer } from '../server.mjs';
import { ENGINES, Session, launch, missing } from './driver.mjs';
import { FLOWS } from './flows.mjs';

const engine = process.env.SAMTYKKE_ENGINE;
if (!ENGINES.includes(engine)) throw new Error(`SAMTYKKE_ENGINE must be one of ${ENGINES.join(', ')}, not ${engine}`);

const STRICT = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'";
const PRELUDE = new URL('./prelude.js', import.meta.url);

/** Serves the HTML pages of www/ with the prelude first in <head>; false for everything else. */
async function withPrelude(req, res) {
  const url = new URL(req.url, 'http://x');
  if (url.pathname === '/__engines/prelude.js') {
    res.writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'no-store' });
    res.end(await readFile(PRELUDE));
    return true;
  }
  const lang = /^\/lang\/([a-z]{2,3})\.html$/.exec(url.pathname);
  const path = lang ? '/index.html' : url.pathname.endsWith('/') ? `${url.pathname}index.html` : url.pathname;
  if (!path.endsWith('.html') || path.includes('..')) return false;
  let html;
  try {
    html = await readFile(join(WWW, path), 'utf8');
  } catch {
    return false;
  }
  if (lang) html = html.replace('<html lang="en">', `<html lang="${lang[1]}">`);
  const prelude = `<script src="/__engines/prelude.js${url.search}"></script>`;
  if (!html.includes('<head>')) throw new Error(`${path} has no <head>`);
  html = html.replace('<head>', `<head>\n${prelude}`);
  res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(html);
  return true;
}

// CI as xtask reads it (setup.rs `ci()`): set, and not empty, 0 or false.
const ci = !['', '0', 'false'].includes((process.env.CI ?? '').trim());
const absent = await missing(engine);
if (absent) {
  if (ci) {
    test(`${engine}: the engine is installed`, () => {
      throw new Error(`${engine} is missing (${absent}) and CI is set: every engine must run in CI`);
    });
  } else {
    console.log(`skipped: the ${engine} end-to-end subset (missing ${absent}; \`cargo xtask setup\` installs it)`);
  }
} else {
  let server;
  let browser;
  before(async () => {
    server = await startServer({
      routes: withPrelude,
      headers: (path) => (path === '/test/csp/index.html' ? { 'Content-Security-Policy': STRICT } : undefined),
    });
    browser = await launch(engine);
    console.log(`${engine}: ${browser.name} ${browser.version}`);
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });
  for (const flow of FLOWS) {
    test(`${engine}: ${flow.name}`, { timeout: 60_000 }, async (t) => {
      const s = new Session(await browser.session(), server.url);
      let failure = null;
      try {
        await flow.run(s);
        const errors = (await s.consoleErrors()).filter((e) => !flow.allowConsoleErrors?.test(e));
        assert.deepEqual(errors, [], 'console errors');
      } catch (err) {
        failure = err;
        // What the page logged is often the reason.
        const logged = await s.consoleErrors().catch(() => []);
        if (logged.length) t.diagnostic(`console errors: ${JSON.stringify(logged)}`);
      }
      // A failure to clean up must not hide the flow's own.
      await s.close().catch((err) => {
        failure ??= err;
      });
      if (failure) throw failure;
    });
  }
}
