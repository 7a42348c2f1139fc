// Proof of consent: with `recordUrl`, each decision sends one JSON receipt to the site's endpoint.
// A failing endpoint never blocks the visitor and is not retried.
import { SEL, assert, e2e, ready, serveConfig, settle, storedRecord, useE2E } from './helpers.mjs';

const received = [];
let status = 204;

const env = useE2E({
  routes: (req, res) => {
    if (new URL(req.url, 'http://x').pathname !== '/consent-receipts') return false;
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      received.push({ method: req.method, type: req.headers['content-type'], cookie: req.headers.cookie, body });
      res.writeHead(status);
      res.end();
    });
    return true;
  },
});

/** The page's config with a recordUrl. */
async function withRecordUrl(page) {
  await serveConfig(page, {
        revision: '2024-06-17',
        policyUrl: '/privacy.html',
        recordUrl: '/consent-receipts',
        categories: [{ id: 'necessary' }, { id: 'analytics', cookies: ['_ga'] }, { id: 'marketing' }],
      });
}

/** Waits (up to 5 s) until `n` receipts arrived, then returns all, parsed. */
async function receipts(n) {
  const deadline = Date.now() + 5000;
  while (received.length < n && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  return received.map((r) => ({ ...r, json: JSON.parse(r.body) }));
}

e2e(env, 'each decision sends one receipt with the documented fields and nothing else', async ({ page, goto }) => {
  received.length = 0;
  status = 204;
  await withRecordUrl(page);
  await goto('/');
  await ready(page);
  await page.locator(SEL.bannerButton('accept-all')).click();
  let got = await receipts(1);
  assert.equal(got.length, 1);
  const record = await storedRecord(page);
  const r = got[0].json;
  assert.equal(got[0].method, 'POST');
  assert.deepEqual(Object.keys(r).sort(), ['categories', 'expires', 'given', 'gpc', 'id', 'language', 'method', 'noticeSha256', 'revision', 'samtykke', 'source', 'updated']);
  assert.equal(r.source, 'banner');
  assert.match(r.noticeSha256, /^[0-9a-f]{64}$/);
  assert.equal(r.id, record.id);
  assert.equal(r.method, 'accept-all');
  assert.deepEqual(r.categories, record.categories);
  assert.equal(r.gpc, false);
  await page.locator(SEL.reopen).click();
  await page.locator(SEL.dialogButton('withdraw')).click();
  got = await receipts(2);
  assert.equal(got.length, 2, 'one more for the withdrawal');
  assert.equal(got[1].json.method, 'withdraw');
  assert.equal(got[1].json.id, record.id);
  assert.equal(got[1].json.categories.analytics, false);
});

e2e(env, 'a failing endpoint does not block the visitor and is not retried', async ({ page, goto }) => {
  received.length = 0;
  status = 500;
  await withRecordUrl(page);
  await goto('/');
  await ready(page);
  await page.locator(SEL.bannerButton('reject-all')).click();
  await page.locator(SEL.reopen).waitFor({ state: 'visible' });
  assert.equal((await storedRecord(page)).method, 'reject-all', 'the choice is stored all the same');
  await receipts(1);
  await settle(page);
  await new Promise((r) => setTimeout(r, 500));
  assert.equal(received.length, 1, 'sent once, never again');
  status = 204;
}, { allowConsoleErrors: true });
