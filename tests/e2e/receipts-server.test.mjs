// The consent log end to end: a real banner in headless Chromium sends its beacon to a running
// samtykke-receipts (the binary, on SQLite, on another loopback port: a cross-origin beacon, as on a
// site whose log lives on its own host), and the server's export returns that receipt.
//
// The binary is $SAMTYKKE_RECEIPTS_BIN (`cargo xtask test` builds and sets it), else
// target/debug/samtykke-receipts. Without either the tests say so and skip, except under CI=true.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { SEL, assert, e2e, ready, serveConfig, storedRecord, useE2E } from './helpers.mjs';
import { REPO, freePort } from './server.mjs';
import { receiptsRoutes } from './receipts-demo.mjs';

const BIN = process.env.SAMTYKKE_RECEIPTS_BIN ?? join(REPO, 'target', 'debug', 'samtykke-receipts');
const TOKEN = 'e2e-token-0123456789abcdef';
const present = existsSync(BIN);
if (!present && process.env.CI === 'true') throw new Error(`${BIN} is missing (CI=true): build it with cargo build -p samtykke-receipts`);
if (!present) console.log(`skipped: ${BIN} is missing; build it with cargo build -p samtykke-receipts`);

// The demo's routes (tests/e2e/receipts-demo.mjs), set up once the receipts server runs.
let demoRoutes = null;
const env = useE2E({ routes: (req, res) => (demoRoutes ? demoRoutes(req, res) : false) });
const server = { child: null, base: '', dir: '', log: '' };


before(async () => {
  if (!present) return;
  server.dir = await mkdtemp(join(tmpdir(), 'samtykke-receipts-e2e-'));
  await writeFile(join(server.dir, 'token'), TOKEN);
  const port = await freePort();
  server.base = `http://127.0.0.1:${port}`;
  server.child = spawn(BIN, [
    '--listen', `127.0.0.1:${port}`,
    '--database', `sqlite://${join(server.dir, 'receipts.db')}`,
    '--origin', env.origin,
    '--token-file', join(server.dir, 'token'),
  ], { stdio: ['ignore', 'ignore', 'pipe'] });
  server.child.stderr.on('data', (d) => (server.log += d));
  demoRoutes = receiptsRoutes({ SAMTYKKE_RECEIPTS_URL: server.base, SAMTYKKE_RECEIPTS_TOKEN_FILE: join(server.dir, 'token') });
  const deadline = Date.now() + 20_000;
  for (;;) {
    try {
      if ((await fetch(`${server.base}/healthz`)).ok) break;
    } catch {}
    if (Date.now() > deadline) throw new Error(`samtykke-receipts did not start: ${server.log}`);
    await new Promise((r) => setTimeout(r, 100));
  }
});

after(async () => {
  server.child?.kill();
  if (server.dir) await rm(server.dir, { recursive: true, force: true });
});

/** The export's JSONL lines for one consent id, waiting (up to 5 s) until there are `n`. */
async function exported(id, n) {
  const deadline = Date.now() + 5000;
  for (;;) {
    const res = await fetch(`${server.base}/v1/receipts?id=${id}`, { headers: { Authorization: `Bearer ${TOKEN}` } });
    assert.equal(res.status, 200);
    const lines = (await res.text()).split('\n').filter(Boolean).map((l) => JSON.parse(l));
    if (lines.length >= n || Date.now() > deadline) return lines;
    await new Promise((r) => setTimeout(r, 100));
  }
}

e2e(env, 'the banner\'s beacon reaches samtykke-receipts and the export returns it', async ({ page, goto, origin }) => {
  if (!present) return;
  await serveConfig(page, {
    revision: '2024-06-17',
    policyUrl: '/privacy.html',
    recordUrl: `${server.base}/v1/receipts`,
    categories: [{ id: 'necessary' }, { id: 'analytics', cookies: ['_ga'] }, { id: 'marketing' }],
  });
  await goto('/');
  await ready(page);
  // The first layer's text as drawn, line by line: the digest in the receipt must be of exactly this.
  const shown = await page.evaluate(() => {
    const root = document.querySelector('#samtykke').shadowRoot;
    const text = (sel) => [...root.querySelectorAll(sel)].map((el) => el.textContent);
    return [
      // Everything drawn in the first layer but the language menu: the title, every paragraph,
      // every button, in document order.
      ...text('.banner .title'),
      ...text('.banner .text p'),
      ...text('.banner .actions button'),
    ].join('\n');
  });
  await page.locator(SEL.bannerButton('accept-all')).click();
  await page.locator(SEL.reopen).waitFor({ state: 'visible' });
  const record = await storedRecord(page);
  let lines = await exported(record.id, 1);
  assert.equal(lines.length, 1, `one receipt in the export (server log: ${server.log})`);
  const r = lines[0];
  assert.equal(r.id, record.id);
  assert.equal(r.method, 'accept-all');
  assert.equal(r.updated, record.updated);
  assert.deepEqual(r.categories, record.categories);
  assert.equal(r.origin, origin, 'the page\'s origin, added by the server');
  assert.ok(Math.abs(Date.parse(r.received) - Date.now()) < 60_000, r.received);
  for (const k of ['ip', 'userAgent', 'user_agent', 'address']) assert.ok(!(k in r), k);
  assert.equal(r.source, 'banner', 'a click on the first layer');
  assert.equal(r.noticeSha256, createHash('sha256').update(shown, 'utf8').digest('hex'), `the digest of:\n${shown}`);

  // A withdrawal is a second receipt for the same consent.
  await page.locator(SEL.reopen).click();
  await page.locator(SEL.dialogButton('withdraw')).click();
  lines = await exported(record.id, 2);
  assert.deepEqual(lines.map((l) => l.method), ['accept-all', 'withdraw']);
  assert.equal(lines[1].source, 'dialog', 'withdrawn in the preferences dialog');
  assert.equal(lines[1].noticeSha256, r.noticeSha256, 'the same notice, the same digest');

  // Page code deciding is told apart from a click.
  await page.evaluate(() => window.samtykke.rejectAll());
  const next = await storedRecord(page);
  lines = await exported(next.id, 1);
  assert.equal(lines.length, 1);
  assert.equal(lines[0].method, 'reject-all');
  assert.equal(lines[0].source, 'api');
});

e2e(env, 'the demo: beacons go through the demo server and the state page reads them back', async ({ page, goto }) => {
  if (!present) return;
  await goto('/state.html');
  await ready(page);
  await page.locator(SEL.bannerButton('reject-all')).click();
  await page.locator('body[data-receipts="1"]').waitFor({ timeout: 10_000 });
  const record = await storedRecord(page);
  const rows = await page.locator('#receipts-table tbody tr').allInnerTexts();
  assert.equal(rows.length, 1);
  assert.match(rows[0], /reject-all/);
  assert.match(await page.locator('#receipts-status').innerText(), new RegExp(record.id));
  // The export itself still needs the token: the demo route reads one id's receipts, nothing else.
  assert.equal((await page.request.get(`${env.url}demo/receipts?id=all`)).status(), 400);
  assert.equal((await fetch(`${server.base}/v1/receipts`)).status, 401);
});
