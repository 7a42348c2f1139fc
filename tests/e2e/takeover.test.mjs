// The two modules as a visitor meets them: samtykke.js paints and decides with the first-paint wasm
// inside it, and fetches the full module (samtykke_bg.js + samtykke_bg.wasm) only when the visitor
// or the page asks for what only the full module does. The page is www/test/first/page.html: the
// README's one script tag, the config inline, no embed.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { SEL, assert, assertRecord, e2e, events, focused, ready, settle, useE2E } from './helpers.mjs';
import { WWW } from './server.mjs';

const PAGE = '/test/first/page.html';
const FULL = ['/samtykke/samtykke_bg.js', '/samtykke/samtykke_bg.wasm'];

/** A fault to inject: answer `path` with 404 while set. */
let missing = null;
/** The test page with a script below the loader that the server answers after `SLOW_MS`: the
 * page's parsing (and so DOMContentLoaded) waits that long after samtykke.js has run. */
const SLOW_PAGE = '/test/first/slow.html';
const SLOW_MS = 1500;
const env = useE2E({
  routes: (req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    if (path === SLOW_PAGE) {
      const page = readFileSync(join(WWW, PAGE), 'utf8');
      const loader = '<script src="/samtykke/samtykke.js"></script>';
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
      res.end(page.replace(loader, `${loader}\n<script src="/test/first/slow.js"></script>`));
      return true;
    }
    if (path === '/test/first/slow.js') {
      setTimeout(() => {
        res.writeHead(200, { 'Content-Type': 'text/javascript', 'Cache-Control': 'no-store' });
        res.end('window.__slowRan = true;\n');
      }, SLOW_MS);
      return true;
    }
    if (path !== missing) return false;
    res.writeHead(404, { 'Content-Type': 'text/plain', 'Cache-Control': 'no-store' });
    res.end('Not found\n');
    return true;
  },
});

/** How often each file of the full module was requested. */
function fullRequests(requests) {
  const paths = requests.map((u) => new URL(u).pathname);
  return FULL.map((p) => paths.filter((q) => q === p).length);
}

const count = (list, type) => list.filter((e) => e.type === type).length;

e2e(env, 'first visit through Accept all: one file of samtykke, no full module', async ({ page, goto, requests }) => {
  await goto(PAGE);
  await page.locator(SEL.banner).waitFor({ state: 'visible' });
  assert.equal(await ready(page), null, 'nothing chosen yet');
  await page.locator(SEL.bannerButton('accept-all')).click();
  await page.waitForFunction(() => window.__analyticsRan === 1 && window.__inlineRan === 1);
  await page.locator(SEL.reopen).waitFor({ state: 'visible' });
  await settle(page);
  assert.deepEqual(fullRequests(requests), [0, 0], 'the full module was not fetched');
  const own = requests.map((u) => new URL(u).pathname).filter((p) => p.startsWith('/samtykke/'));
  assert.deepEqual(own, ['/samtykke/samtykke.js']);
  assertRecord(await page.evaluate(() => JSON.parse(localStorage.getItem('samtykke'))), {
    method: 'accept-all',
    categories: { necessary: true, preferences: true, analytics: true, marketing: true },
  });
  const heard = await events(page);
  assert.equal(count(heard, 'samtykke:ready'), 1);
  assert.equal(count(heard, 'samtykke:change'), 1);
  assert.equal(await page.evaluate(() => window.samtykke.isGranted('marketing')), true);
});

e2e(env, 'Choose fetches the full module once; it opens the preferences in place of the banner', async ({ page, goto, requests }) => {
  await goto(PAGE);
  await page.locator(SEL.banner).waitFor({ state: 'visible' });
  await page.locator(SEL.bannerButton('preferences')).click();
  await page.locator(SEL.dialog).waitFor({ state: 'visible' });
  assert.deepEqual(fullRequests(requests), [1, 1]);
  assert.equal(await page.locator('#samtykke').count(), 1, 'one host');
  assert.equal((await focused(page))?.inDialog, true, 'focus is in the dialog');
  for (const id of ['preferences', 'analytics', 'marketing']) {
    assert.equal(await page.locator(SEL.checkbox(id)).isChecked(), false, `${id} is not pre-ticked`);
  }
  await page.locator(SEL.checkbox('analytics')).check();
  await page.locator(SEL.dialogButton('save')).click();
  await page.waitForFunction(() => window.__analyticsRan === 1);
  await settle(page);
  assert.equal(await page.evaluate(() => window.__marketingRan), undefined, 'marketing was not chosen');
  const heard = await events(page);
  assert.equal(count(heard, 'samtykke:ready'), 1, 'the hand-over does not say ready again');
  assert.equal(count(heard, 'samtykke:change'), 1);
  assert.equal(await page.evaluate(() => window.__inlineRan), 1, 'the inline script ran once');
});

e2e(env, 'a return visit gates with the first-paint module; the reopen control hands over', async ({ page, goto, requests }) => {
  await goto(PAGE);
  await page.locator(SEL.bannerButton('accept-all')).click();
  await page.waitForFunction(() => window.__analyticsRan === 1);
  await goto(PAGE);
  await page.waitForFunction(() => window.__analyticsRan === 1 && window.__marketingRan === 1);
  await page.locator(SEL.reopen).waitFor({ state: 'visible' });
  assert.equal(await page.locator(SEL.banner).count(), 0, 'no banner for a visitor who chose');
  assert.deepEqual(fullRequests(requests), [0, 0]);
  assert.equal((await ready(page))?.method, 'accept-all');
  await page.locator(SEL.reopen).click();
  await page.locator(SEL.dialog).waitFor({ state: 'visible' });
  assert.equal(await page.locator(SEL.checkbox('analytics')).isChecked(), true, 'the stored choice is shown');
  await page.locator(SEL.dialogButton('withdraw')).click();
  await page.locator(SEL.banner).waitFor({ state: 'visible' });
  assert.equal(await page.evaluate(() => localStorage.getItem('samtykke')), null, 'withdrawn');
  assert.equal(await page.evaluate(() => window.__inlineRan), 1, 'nothing ran twice');
});

e2e(env, 'an API call only the full module answers fetches it and is carried out', async ({ page, goto, requests }) => {
  await goto(PAGE);
  await ready(page);
  assert.deepEqual(fullRequests(requests), [0, 0]);
  await page.evaluate(() => window.samtykke.setConsent({ marketing: true }));
  await page.waitForFunction(() => window.__marketingRan === 1);
  await settle(page);
  assert.deepEqual(fullRequests(requests), [1, 1]);
  assert.equal(await page.evaluate(() => window.samtykke.isGranted('analytics')), false);
  assert.equal(await page.evaluate(() => window.samtykke.getConsent()?.method), 'custom');
});

e2e(
  env,
  'the full module missing: Choose says so, and the banner still decides',
  async ({ page, goto, consoleMessages }) => {
    missing = '/samtykke/samtykke_bg.wasm';
    try {
      await goto(PAGE);
      await page.locator(SEL.bannerButton('preferences')).click();
      await settle(page);
      // (Chromium adds its own line for the 404.)
      const errors = consoleMessages.filter((m) => m.type === 'error' && m.text.startsWith('samtykke:')).map((m) => m.text);
      assert.equal(errors.length, 1, errors.join('\n'));
      assert.match(errors[0], /samtykke_bg\.wasm.*HTTP 404/);
      assert.equal(await page.locator(SEL.banner).isVisible(), true, 'the banner stays');
      await page.locator(SEL.bannerButton('reject-all')).click();
      await page.locator(SEL.reopen).waitFor({ state: 'visible' });
      assert.equal(await page.evaluate(() => window.samtykke.getConsent()?.method), 'reject-all');
      await settle(page);
      assert.equal(await page.evaluate(() => window.__analyticsRan), undefined);
    } finally {
      missing = null;
    }
  },
  { allowConsoleErrors: true },
);

e2e(env, 'a config beyond the first-paint module goes to the full module at once', async ({ page, goto, requests }) => {
  await page.route('**/test/first/page.html', async (route) => {
    const res = await route.fetch();
    const body = (await res.text()).replace('"categories"', '"languages": ["en", "da"],\n  "categories"');
    await route.fulfill({ response: res, body });
  });
  await goto(PAGE);
  await page.locator(SEL.banner).waitFor({ state: 'visible' });
  assert.deepEqual(fullRequests(requests), [1, 1]);
  assert.equal(await page.locator('#samtykke select[data-action="language"]').count(), 1, 'the full module drew it');
  assert.equal(count(await events(page), 'samtykke:ready'), 1);
});

e2e(env, 'storage that refuses the write: the choice holds for the page, one warning, as in the full module', async ({ page, goto, consoleMessages }) => {
  await page.addInitScript(() => {
    Storage.prototype.setItem = function () {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
  });
  await goto(PAGE);
  await page.locator(SEL.bannerButton('accept-all')).click();
  await page.waitForFunction(() => window.__analyticsRan === 1);
  await page.evaluate(() => window.samtykke.rejectAll());
  await settle(page);
  assert.equal(await page.evaluate(() => window.samtykke.getConsent()?.method), 'reject-all', 'the choice is kept in memory');
  assert.equal(await page.evaluate(() => localStorage.getItem('samtykke')), null, 'nothing reached storage');
  const warnings = consoleMessages.filter((m) => m.type === 'warning').map((m) => m.text);
  assert.deepEqual(warnings, ['samtykke: saving to localStorage failed (full or blocked); your choice is kept for this page only']);
});

e2e(
  env,
  'first failing on a choice with no full module to take over: samtykke fails closed and says so',
  async ({ page, goto, consoleMessages }) => {
    missing = '/samtykke/samtykke_bg.wasm';
    try {
      // The choice needs random bytes for the record's id: here the browser refuses them.
      await page.addInitScript(() => {
        Crypto.prototype.getRandomValues = () => {
          throw new Error('no randomness');
        };
      });
      await goto(PAGE);
      await page.locator(SEL.bannerButton('accept-all')).click();
      await page.waitForFunction(() => window.samtykke.failed !== null);
      await settle(page);
      assert.match(await page.evaluate(() => window.samtykke.failed), /samtykke_bg\.wasm.*HTTP 404/);
      assert.equal(await page.evaluate(() => window.samtykke.isGranted('analytics')), false);
      assert.equal(await page.evaluate(() => window.__analyticsRan), undefined, 'nothing gated ran');
      assert.equal(await page.evaluate(() => localStorage.getItem('samtykke')), null, 'nothing stored');
      assert.equal(await page.locator('#samtykke').count(), 0, 'first took its banner off the page');
      const errors = consoleMessages.filter((m) => m.type === 'error' && m.text.startsWith('samtykke:')).map((m) => m.text);
      assert.equal(errors.length, 2, errors.join('\n'));
      assert.match(errors[0], /the first-paint module failed/);
      assert.match(errors[1], /Failing closed/);
      const heard = await events(page);
      assert.deepEqual(heard.filter((e) => e.type === 'samtykke:error').length, 1);
      assert.equal(count(heard, 'samtykke:ready'), 1, 'ready was said once, by first');
    } finally {
      missing = null;
    }
  },
  { allowConsoleErrors: true },
);

/** The values of the banner's language options. */
const languageOptions = (page) =>
  page.evaluate(() => [...document.getElementById('samtykke').shadowRoot.querySelectorAll('select option')].map((o) => o.value));

e2e(env, "the banner's first frame lists English only; the other languages follow right after it", async ({ page, goto }) => {
  await page.addInitScript(() =>
    addEventListener('samtykke:ready', () => {
      const root = document.getElementById('samtykke').shadowRoot;
      window.__optionsAtReady = [...root.querySelectorAll('select option')].map((o) => o.value);
    }),
  );
  await goto(PAGE);
  assert.equal(await ready(page), null);
  assert.deepEqual(await page.evaluate(() => window.__optionsAtReady), ['en'], 'the first frame has English only');
  await page.waitForFunction(() => document.getElementById('samtykke').shadowRoot.querySelectorAll('select option').length > 1);
  const all = await languageOptions(page);
  assert.equal(all.length, 30);
  assert.ok(['da', 'ar', 'uk'].every((code) => all.includes(code)), JSON.stringify(all));
  assert.equal(await page.locator('#samtykke select').inputValue(), 'en', 'English stays selected');
  assert.equal((await focused(page))?.inBanner, true, 'the banner keeps focus');
});

e2e(env, 'before any frame is drawn, reaching the language list fills it: focus, or a pointer on it', async ({ page, goto, consoleMessages }) => {
  // A page in a background tab draws no frame; only the visitor reaching the list fills it then.
  await page.addInitScript(() => {
    window.requestAnimationFrame = () => 0;
  });
  await goto(PAGE);
  assert.equal(await ready(page), null);
  await page.waitForTimeout(200);
  assert.deepEqual(await languageOptions(page), ['en'], 'the banner taking focus did not fill it');
  await page.locator(SEL.bannerButton('reject-all')).focus();
  assert.deepEqual(await languageOptions(page), ['en'], 'focus elsewhere in the banner did not either');
  await page.locator('#samtykke select').focus();
  assert.equal((await languageOptions(page)).length, 30, 'focus on the list filled it');
  assert.equal(await page.locator('#samtykke select').inputValue(), 'en');

  await goto(PAGE);
  assert.equal(await ready(page), null);
  assert.deepEqual(await languageOptions(page), ['en']);
  await page.locator('#samtykke select').dispatchEvent('pointerdown');
  assert.equal((await languageOptions(page)).length, 30, 'a pointer on the list filled it');
  // The filled list works: picking Danish hands over, and the full module shows the banner in Danish.
  await page.locator('#samtykke select').selectOption('da');
  await page.waitForFunction(() => document.getElementById('samtykke').shadowRoot.querySelector('.root[lang="da"]'), null, {
    polling: 50, // Playwright polls by animation frame unless told otherwise
  });
  assert.deepEqual(consoleMessages.filter((m) => m.type === 'error'), []);
});

e2e(env, 'another tab changing the choice while the page is still parsed: the choice read before is not used', async ({ page, context, goto }) => {
  await goto(PAGE);
  await page.locator(SEL.bannerButton('accept-all')).click();
  await page.waitForFunction(() => window.__analyticsRan === 1);
  // The second tab's samtykke.js reads the stored Accept all, then the page's parsing waits for the
  // slow script; meanwhile the first tab rejects.
  const second = await context.newPage();
  const opened = second.goto(new URL(SLOW_PAGE, page.url()).href);
  await second.waitForFunction(() => Object.getOwnPropertyDescriptor(window, 'samtykke') !== undefined, null, { polling: 20 });
  assert.equal(await second.evaluate(() => window.__slowRan), undefined, 'the page is still being parsed');
  await page.evaluate(() => window.samtykke.rejectAll());
  await opened;
  assert.equal((await ready(second))?.method, 'reject-all', 'the choice made in the other tab');
  await second.waitForFunction(() => window.__slowRan === true);
  await second.waitForTimeout(300);
  assert.equal(await second.evaluate(() => window.__analyticsRan), undefined, 'analytics did not run');
  assert.equal(await second.evaluate(() => window.samtykke.isGranted('analytics')), false);
});
