// Fault matrix: every way the wasm, the loader, the config, the storage, the timing or the tabs can go
// wrong. Whatever happens, no gated script, iframe or cookie may appear that the visitor did not allow,
// the page's own script keeps working, and the console says exactly what went wrong, once.
//
// Fixtures are in www/test/faults/. Faults are injected with the server's routes hook (one at a time:
// tests in a file run in order) or with init scripts. Each page has:
//   - gated: /js/analytics.js + an inline script (analytics), /test/faults/marketing.js and an iframe
//     of /video.html (marketing); analytics.js sets _ga cookies, marketing.js sets _fbp;
//   - ungated: /test/faults/own.js, which sets window.__ownRan, the necessary cookie `site_session`
//     and counts clicks on #own-button in window.__ownClicked.

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

import { DAY_MS, SEL, TIMEOUT, assert, e2e, ready, settle, trackPage, useE2E } from './helpers.mjs';
import { REPO } from './server.mjs';

const DIST = process.env.SAMTYKKE_DIST ?? join(REPO, 'dist');
const KEY = 'samtykke';
const NECESSARY_COOKIES = ['site_session'];
const GATED_PATHS = ['/js/analytics.js', '/test/faults/marketing.js', '/video.html'];
const CONFIG_PATH = '/test/faults/config.json';

/** @type {null | ((req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse, path: string) => boolean)} */
let fault = null;
const env = useE2E({
  routes: async (req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    // Holds back the load event of inject-dcl.html, so the loader is injected while readyState is
    // "interactive".
    if (path === '/test/faults/slow.svg') {
      await delay(1000);
      return false;
    }
    return fault ? fault(req, res, path) : false;
  },
});

/** A fault that answers `path` with this status and body. */
function answer(path, status, body, type = 'application/json') {
  return (req, res, p) => {
    if (p !== path) return false;
    const buf = Buffer.isBuffer(body) ? body : Buffer.from(body);
    res.writeHead(status, { 'Content-Type': type, 'Content-Length': buf.length, 'Cache-Control': 'no-store' });
    res.end(buf);
    return true;
  };
}

/**
 * Declares a test that runs with fault `f` injected (and removed afterwards, also on failure). `f` is
 * a fault (req, res, path) => boolean, or an async factory of one taking no arguments (so a fault
 * that reads a file is built only when its test runs).
 */
function withFault(name, f, fn, options) {
  e2e(
    env,
    name,
    async (ctx) => {
      fault = typeof f === 'function' && f.length === 0 ? await f() : f;
      try {
        await fn(ctx);
      } finally {
        fault = null;
      }
    },
    options,
  );
}

// ---------------------------------------------------------------------------------------------
// Assertions shared by the matrix

function dumpConsole(consoleMessages) {
  return JSON.stringify(consoleMessages.map((m) => `[${m.type}] ${m.text}`), null, 1);
}

/**
 * Exactly the expected "samtykke:" console messages, in order: [{ type: 'error'|'warning', match }].
 * Other console lines (e.g. Chromium's own "Failed to load resource" for a 404) are not counted.
 */
function assertMessages(consoleMessages, expected) {
  const ours = consoleMessages.filter((m) => m.text.startsWith('samtykke:'));
  assert.equal(
    ours.length,
    expected.length,
    `expected exactly ${expected.length} "samtykke:" console message(s) (${expected.map((e) => `${e.type} ${e.match}`).join(', ')}); console: ${dumpConsole(consoleMessages)}`,
  );
  expected.forEach((e, i) => {
    assert.equal(ours[i].type, e.type, `message ${i} is a console ${e.type}: ${ours[i].text}`);
    assert.match(ours[i].text, e.match, `message ${i}`);
  });
  // No samtykke text outside the "samtykke:" prefix either (e.g. an uncaught error of the loader).
  const strays = consoleMessages.filter((m) => !m.text.startsWith('samtykke:') && /samtykke/i.test(m.text) && m.type !== 'log');
  assert.deepEqual(strays.map((m) => `[${m.type}] ${m.text}`), [], 'console messages about samtykke without the "samtykke:" prefix');
}

/** Gated content on a faults fixture page. */
function gated(page) {
  return page.evaluate(() => ({
    analytics: window.__analyticsRan,
    inline: window.__inlineRan,
    marketing: window.__marketingRan,
    iframeSrc: document.querySelector('iframe[title="Demo video"]')?.getAttribute('src') ?? null,
  }));
}

function gatedRequests(requests) {
  return requests.filter((u) => GATED_PATHS.includes(new URL(u).pathname));
}

async function optionalCookies(context) {
  return (await context.cookies())
    .map((c) => c.name)
    .filter((n) => !NECESSARY_COOKIES.includes(n))
    .sort();
}

/** No gated script ran, no gated iframe got its src, no gated URL was requested, no optional cookie. */
async function assertNothingGated({ page, context, requests }) {
  const g = await gated(page);
  assert.equal(g.analytics, undefined, 'analytics.js did not run');
  assert.equal(g.inline, undefined, 'the gated inline script did not run');
  assert.equal(g.marketing, undefined, 'marketing.js did not run');
  assert.equal(g.iframeSrc, null, 'the gated iframe has no src');
  assert.deepEqual(gatedRequests(requests), [], 'no gated URL was requested');
  assert.deepEqual(await optionalCookies(context), [], 'no non-necessary cookie');
}

/** The page's own script ran and still handles a click. */
async function assertOwnScriptWorks(page) {
  assert.equal(await page.evaluate(() => window.__ownRan), true, 'the page\'s own script ran');
  const before = await page.evaluate(() => window.__ownClicked ?? 0);
  await page.locator('#own-button').click();
  await page
    .waitForFunction((n) => window.__ownClicked === n + 1, before, { timeout: TIMEOUT })
    .catch(() => assert.fail('the page\'s own click handler did not run'));
}

/** samtykke failed closed: no UI, no consent, nothing gated, API calls grant nothing. */
async function assertFailedClosed(ctx, expectedMessages) {
  const { page } = ctx;
  assert.equal(await ready(page), null, 'samtykke.ready resolves with null');
  // An API call after the failure grants nothing either. (Gated flags and requests only ever grow, so
  // checking once after it covers the time before it too.)
  await page.evaluate(() => window.samtykke.acceptAll());
  await settle(page);
  assert.equal(await page.locator(SEL.banner).isVisible(), false, 'no banner');
  assert.equal(await page.evaluate(() => window.samtykke.getConsent()), null, 'getConsent() is null');
  assert.equal(await page.evaluate(() => window.samtykke.isGranted('analytics')), false, 'isGranted(analytics) is false');
  await assertNothingGated(ctx);
  assert.equal(await page.evaluate(() => localStorage.getItem('samtykke')), null, 'nothing stored');
  await assertOwnScriptWorks(page);
  assertMessages(ctx.consoleMessages, expectedMessages);
}

/** A failed start's one console.error: names the problem and says it fails closed. */
const failClosed = (match) => [{ type: 'error', match: new RegExp(`^samtykke: .*${match.source}.*Failing closed`, 's') }];

/** samtykke works normally and asks: banner, nothing granted, nothing gated. */
async function assertAsks(ctx) {
  const { page } = ctx;
  assert.equal(await ready(page), null, 'no stored consent: ready resolves with null');
  await page.locator(SEL.banner).waitFor({ state: 'visible' });
  await settle(page);
  assert.equal(await page.evaluate(() => window.samtykke.getConsent()), null, 'getConsent() is null');
  for (const id of ['analytics', 'marketing', 'preferences']) {
    assert.equal(await page.evaluate((i) => window.samtykke.isGranted(i), id), false, `isGranted(${id}) is false`);
  }
  await assertNothingGated(ctx);
  await assertOwnScriptWorks(page);
}

/** After accept-all, every gated thing runs exactly once. */
async function assertAcceptRunsAll(ctx) {
  const { page } = ctx;
  await page.locator(SEL.bannerButton('accept-all')).click();
  await page.locator(SEL.banner).waitFor({ state: 'hidden' });
  await page.waitForFunction(() => window.__analyticsRan === 1 && window.__marketingRan === 1 && window.__inlineRan === 1);
  await settle(page);
  const g = await gated(page);
  assert.deepEqual(g, { analytics: 1, inline: 1, marketing: 1, iframeSrc: '/video.html' }, 'everything gated ran once after accept-all');
}

// ---------------------------------------------------------------------------------------------
// Stored records

const iso = (ms) => new Date(ms).toISOString();

function validRecord(over = {}) {
  const now = Date.now();
  return {
    v: 1,
    id: '6f0c2b1e-3c4d-4e5f-8a9b-0c1d2e3f4a5b',
    revision: '2024-06-17',
    given: iso(now - DAY_MS),
    updated: iso(now - DAY_MS),
    expires: iso(now + 181 * DAY_MS),
    // Everything granted: the worst case if a bad record were taken as consent.
    categories: { necessary: true, preferences: true, analytics: true, marketing: true },
    method: 'accept-all',
    language: 'en',
    ...over,
  };
}

/**
 * Puts `raw` in localStorage from a same-origin page without samtykke (www/test/faults/blank.html), as
 * an earlier visit would have left it.
 */
async function seed(ctx, raw) {
  await ctx.goto('/test/faults/blank.html');
  await ctx.page.evaluate(([k, v]) => localStorage.setItem(k, v), [KEY, raw]);
}

const storedRaw = (page) => page.evaluate((k) => localStorage.getItem(k), KEY);

e2e(env, 'storage control: a valid stored record is used (the seeding works)', async (ctx) => {
  const record = validRecord();
  await seed(ctx, JSON.stringify(record));
  await ctx.goto('/test/faults/page.html');
  assert.deepEqual(await ready(ctx.page), record, 'ready resolves with the stored record');
  await ctx.page.waitForFunction(() => window.__analyticsRan === 1 && window.__marketingRan === 1);
  assert.equal(await ctx.page.locator(SEL.banner).isVisible(), false, 'no banner');
  assertMessages(ctx.consoleMessages, []);
});

/** A stored record that is not consent: asked again, nothing runs, the record stays, one warning. */
function badRecord(name, raw, match) {
  e2e(env, `storage: ${name} → asks again, keeps the record, warns`, async (ctx) => {
    const text = typeof raw === 'function' ? raw() : raw;
    await seed(ctx, text);
    await ctx.goto('/test/faults/page.html');
    await assertAsks(ctx);
    assert.equal(await storedRaw(ctx.page), text, 'the stored value is left exactly as it was');
    assertMessages(ctx.consoleMessages, [
      { type: 'warning', match: new RegExp(`^samtykke: the stored choice under \`${KEY}\` is not used: .*${match.source}`) },
    ]);
  });
}

badRecord('garbage (not JSON)', '{"v":1,"categories":{"analytics":tru', /not JSON/);
badRecord('valid JSON of the wrong shape', () => JSON.stringify({ analytics: true, marketing: true, granted: 'all' }), /shape/);
badRecord('an array instead of a record', () => JSON.stringify([validRecord()]), /shape/);
badRecord('a newer schema version (v: 2)', () => JSON.stringify(validRecord({ v: 2 })), /schema version 2/);
badRecord(
  'given in the future',
  () => {
    const now = Date.now();
    return JSON.stringify(validRecord({ given: iso(now + 30 * DAY_MS), updated: iso(now + 30 * DAY_MS), expires: iso(now + 200 * DAY_MS) }));
  },
  /future/,
);
badRecord(
  'tampered categories: an unknown category',
  () => JSON.stringify(validRecord({ categories: { necessary: true, preferences: true, analytics: true, marketing: true, tracking: true } })),
  /`tracking`/,
);
badRecord(
  'tampered categories: one missing',
  () => JSON.stringify(validRecord({ categories: { necessary: true, preferences: true, analytics: true } })),
  /`marketing`/,
);
badRecord(
  'tampered categories: required one denied',
  () => JSON.stringify(validRecord({ categories: { necessary: false, preferences: true, analytics: true, marketing: true } })),
  /`necessary`/,
);
badRecord(
  'expires in the past',
  () => {
    const now = Date.now();
    return JSON.stringify(validRecord({ given: iso(now - 200 * DAY_MS), updated: iso(now - 200 * DAY_MS), expires: iso(now - 18 * DAY_MS) }));
  },
  /expired/,
);

e2e(env, 'storage: localStorage access throws → asks, works in memory, one warning', async (ctx) => {
  await ctx.page.addInitScript(() => {
    Object.defineProperty(window, 'localStorage', {
      configurable: true,
      get() {
        throw new DOMException('The operation is insecure.', 'SecurityError');
      },
    });
  });
  await ctx.goto('/test/faults/page.html');
  await assertAsks(ctx);
  assertMessages(ctx.consoleMessages, [{ type: 'warning', match: /^samtykke: localStorage is blocked/ }]);
  // Rejecting works for the page; still only the one warning.
  await ctx.page.locator(SEL.bannerButton('reject-all')).click();
  await ctx.page.locator(SEL.banner).waitFor({ state: 'hidden' });
  await settle(ctx.page);
  assert.equal((await ctx.page.evaluate(() => window.samtykke.getConsent()))?.method, 'reject-all', 'the choice is kept in memory');
  await assertNothingGated(ctx);
  assertMessages(ctx.consoleMessages, [{ type: 'warning', match: /^samtykke: localStorage is blocked/ }]);
});

e2e(env, 'storage: setItem throws (quota) → the choice works for the page, one warning', async (ctx) => {
  await ctx.page.addInitScript(() => {
    Storage.prototype.setItem = function () {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
  });
  await ctx.goto('/test/faults/page.html');
  await assertAsks(ctx);
  assertMessages(ctx.consoleMessages, []);
  await ctx.page.locator(SEL.bannerButton('reject-all')).click();
  await ctx.page.locator(SEL.banner).waitFor({ state: 'hidden' });
  await settle(ctx.page);
  assert.equal((await ctx.page.evaluate(() => window.samtykke.getConsent()))?.method, 'reject-all', 'the choice is kept in memory');
  await assertNothingGated(ctx);
  assert.equal(await storedRaw(ctx.page), null, 'nothing reached storage');
  assertMessages(ctx.consoleMessages, [{ type: 'warning', match: /^samtykke: saving to localStorage failed/ }]);
});

// ---------------------------------------------------------------------------------------------
// The wasm

withFault(
  'wasm answers 404 → fails closed',
  answer('/samtykke/samtykke_bg.wasm', 404, 'Not found\n', 'text/plain'),
  async (ctx) => {
    await ctx.goto('/test/faults/page.html');
    await assertFailedClosed(ctx, failClosed(/samtykke_bg\.wasm.*HTTP 404/));
  },
  { allowConsoleErrors: true },
);

withFault(
  'wasm answers 500 → fails closed',
  answer('/samtykke/samtykke_bg.wasm', 500, 'Internal error\n', 'text/plain'),
  async (ctx) => {
    await ctx.goto('/test/faults/page.html');
    await assertFailedClosed(ctx, failClosed(/samtykke_bg\.wasm.*HTTP 500/));
  },
  { allowConsoleErrors: true },
);

withFault(
  'wasm truncated (first half only) → fails closed',
  async () => {
    const wasm = await readFile(join(DIST, 'samtykke_bg.wasm'));
    return answer('/samtykke/samtykke_bg.wasm', 200, wasm.subarray(0, Math.floor(wasm.length / 2)), 'application/wasm');
  },
  async (ctx) => {
    await ctx.goto('/test/faults/page.html');
    await assertFailedClosed(ctx, failClosed(/samtykke_bg\.wasm/));
  },
  { allowConsoleErrors: true },
);

// ---------------------------------------------------------------------------------------------
// The loader

e2e(env, 'loader included twice → runs once, one warning', async (ctx) => {
  await ctx.goto('/test/faults/twice.html');
  await assertAsks(ctx);
  assert.equal(await ctx.page.locator('#samtykke').count(), 1, 'one #samtykke element');
  const wasm = ctx.requests.filter((u) => new URL(u).pathname === '/samtykke/samtykke_bg.wasm');
  assert.equal(wasm.length, 1, 'the wasm is fetched once');
  assertMessages(ctx.consoleMessages, [{ type: 'warning', match: /^samtykke: loaded twice/ }]);
  await assertAcceptRunsAll(ctx);
});

// ---------------------------------------------------------------------------------------------
// The config

e2e(
  env,
  'config: missing (no data-config, no inline) → fails closed',
  async (ctx) => {
    await ctx.goto('/test/faults/noconfig.html');
    await assertFailedClosed(ctx, failClosed(/config: none found/));
  },
  { allowConsoleErrors: true },
);

const configCase = (name, status, body, match) =>
  withFault(
    `config: ${name} → fails closed`,
    answer(CONFIG_PATH, status, body),
    async (ctx) => {
      await ctx.goto('/test/faults/config.html');
      await assertFailedClosed(ctx, failClosed(match));
    },
    { allowConsoleErrors: true },
  );

configCase('404', 404, 'Not found\n', /config.*could not load the config from \/test\/faults\/config\.json \(HTTP 404\)/);
configCase('invalid JSON', 200, '{ "revision": "2024-06-17", "policyUrl": "/privacy.html", }', /config: not valid JSON/);
configCase('wrong type (revision is a number)', 200, JSON.stringify({ revision: 20240617, policyUrl: '/privacy.html' }), /config key `revision`/);
configCase(
  'wrong type (categories is an object)',
  200,
  JSON.stringify({ revision: '2024-06-17', policyUrl: '/privacy.html', categories: { analytics: true } }),
  /config key `categories`/,
);
configCase(
  'unknown key',
  200,
  JSON.stringify({ revision: '2024-06-17', policyUrl: '/privacy.html', colour: 'red' }),
  /`colour`/,
);
configCase(
  'unknown key inside a category',
  200,
  JSON.stringify({ revision: '2024-06-17', policyUrl: '/privacy.html', categories: [{ id: 'necessary' }, { id: 'analytics', default: true }] }),
  /categories\[1\].*`default`|`default`.*categories\[1\]/,
);
configCase(
  'a custom category without texts',
  200,
  JSON.stringify({ revision: '2024-06-17', policyUrl: '/privacy.html', categories: [{ id: 'necessary' }, { id: 'analytics' }, { id: 'chat' }] }),
  /config key `categories\[2\]\.title`.*`chat`/,
);
configCase(
  'an empty categories list',
  200,
  JSON.stringify({ revision: '2024-06-17', policyUrl: '/privacy.html', categories: [] }),
  /config key `categories`: must list at least one/,
);

/** A valid config of about 1 MB: 7 000 custom categories with titles and descriptions. */
function hugeConfig() {
  const categories = [{ id: 'necessary' }, { id: 'preferences' }, { id: 'analytics', cookies: ['_ga', '_ga_*'] }, { id: 'marketing', cookies: ['_fbp'] }];
  for (let i = 0; i < 7000; i++) {
    const n = String(i).padStart(5, '0');
    categories.push({
      id: `c${n}`,
      title: `Custom category ${n}`,
      description: `What custom category ${n} is for, in one sentence that is long enough to add some weight.`,
    });
  }
  return JSON.stringify({ revision: '2024-06-17', policyUrl: '/privacy.html', controller: 'Huge Config ApS', categories });
}
const HUGE = hugeConfig();

withFault(
  'config: huge (about 1 MB, 7 000 categories) → works or fails closed, never hangs',
  answer(CONFIG_PATH, 200, HUGE),
  async (ctx) => {
    assert.ok(HUGE.length > 1_000_000, `config is ${HUGE.length} bytes`);
    const started = Date.now();
    await ctx.goto('/test/faults/config.html');
    const result = await ready(ctx.page);
    const bannerShown = await ctx.page.locator(SEL.banner).isVisible();
    console.log(`# report: huge config: ready=${JSON.stringify(result)} after ${Date.now() - started} ms, banner ${bannerShown ? 'shown' : 'not shown'}`);
    if (!bannerShown) {
      await assertFailedClosed(ctx, failClosed(/config/));
      return;
    }
    // It works: asks first, runs what is accepted, stores all 7 004 choices.
    await assertAsks(ctx);
    assertMessages(ctx.consoleMessages, []);
    await assertAcceptRunsAll(ctx);
    const stored = JSON.parse(await storedRaw(ctx.page));
    assert.equal(Object.keys(stored.categories).length, 7004, 'every category is in the record');
    console.log(`# report: huge config: worked; accept-all stored a ${(await storedRaw(ctx.page)).length} byte record; total ${Date.now() - started} ms`);
  },
  { allowConsoleErrors: true, timeout: 30_000 },
);

// ---------------------------------------------------------------------------------------------
// Timing: how and when the loader is included

for (const [name, path, readyState] of [
  ['script tag with async (in <head>)', '/test/faults/async.html', null],
  ['script tag with defer (in <head>)', '/test/faults/defer.html', null],
  ['injected after the load event', '/test/faults/inject-load.html', 'complete'],
  ['injected after DOMContentLoaded, before load', '/test/faults/inject-dcl.html', 'interactive'],
]) {
  e2e(env, `timing: ${name} → asks, then runs what is accepted`, async (ctx) => {
    await ctx.goto(path);
    await assertAsks(ctx);
    if (readyState) assert.equal(await ctx.page.evaluate(() => window.__injectedAt), readyState, 'document.readyState when injected');
    assertMessages(ctx.consoleMessages, []);
    await assertAcceptRunsAll(ctx);
    assertMessages(ctx.consoleMessages, []);
  });
}

// ---------------------------------------------------------------------------------------------
// Tabs

/** Opens another tab of the same context on `path` and waits for samtykke. */
async function openTab(ctx, path) {
  const page = await ctx.context.newPage();
  trackPage(page);
  const messages = [];
  page.on('console', (m) => messages.push({ type: m.type(), text: m.text() }));
  page.on('pageerror', (e) => messages.push({ type: 'pageerror', text: String(e) }));
  const res = await page.goto(new URL(path, ctx.url).href);
  assert.equal(res?.status(), 200);
  await ready(page);
  return { page, messages };
}

/** Custom choice through the dialog: analytics only. */
async function chooseAnalyticsOnly(page) {
  await page.locator(SEL.bannerButton('preferences')).click();
  await page.locator(SEL.dialog).waitFor({ state: 'visible' });
  await page.locator(SEL.checkbox('analytics')).check();
  await page.locator(SEL.dialogButton('save')).click();
  await page.locator(SEL.dialog).waitFor({ state: 'hidden' });
}

e2e(env, 'tabs: consent given in one tab while another is open → the other runs nothing not allowed', async (ctx) => {
  const a = ctx.page;
  await ctx.goto('/test/faults/page.html');
  await ready(a);
  const { page: b, messages: bMessages } = await openTab(ctx, '/test/faults/page.html');
  await b.locator(SEL.banner).waitFor({ state: 'visible' });
  await a.locator(SEL.banner).waitFor({ state: 'visible' });

  await chooseAnalyticsOnly(a);
  await a.waitForFunction(() => window.__analyticsRan === 1);
  const recordA = await a.evaluate(() => window.samtykke.getConsent());
  assert.equal(recordA?.method, 'custom');
  await settle(a);
  await b.waitForTimeout(500);

  // Tab B never ran marketing, which tab A did not allow.
  const gB = await gated(b);
  assert.equal(gB.marketing, undefined, 'marketing.js did not run in tab B');
  assert.equal(gB.iframeSrc, null, 'the marketing iframe in tab B has no src');
  assert.deepEqual(ctx.requests.filter((u) => ['/test/faults/marketing.js', '/video.html'].includes(new URL(u).pathname)), [], 'no marketing URL requested in any tab');
  assert.equal(await b.evaluate(() => window.samtykke.isGranted('marketing')), false, 'marketing not granted in tab B');
  assert.deepEqual(await optionalCookies(ctx.context), ['_ga', '_ga_DEMO'], 'only the analytics cookies (allowed in tab A)');
  const before = {
    consent: await b.evaluate(() => window.samtykke.getConsent()),
    bannerVisible: await b.locator(SEL.banner).isVisible(),
    analyticsRan: gB.analytics ?? null,
    isGrantedAnalytics: await b.evaluate(() => window.samtykke.isGranted('analytics')),
  };
  console.log(`# report: tab B without reload after tab A chose analytics only: ${JSON.stringify({ ...before, consent: before.consent && before.consent.method })}`);

  await b.reload();
  const afterReload = await ready(b);
  await settle(b);
  assert.deepEqual(afterReload, recordA, 'tab B sees tab A\'s choice after reload');
  assert.deepEqual(await b.evaluate(() => window.samtykke.getConsent()), recordA);
  const gB2 = await gated(b);
  assert.equal(gB2.analytics, 1, 'analytics ran in tab B after reload');
  assert.equal(gB2.marketing, undefined, 'marketing still did not run in tab B');
  assert.equal(await b.locator(SEL.banner).isVisible(), false, 'no banner in tab B after reload');
  console.log(`# report: tab B after reload: consent=${afterReload?.method}, analytics ran=${gB2.analytics}, marketing ran=${gB2.marketing ?? 'no'}`);
  assert.deepEqual(bMessages.filter((m) => m.type === 'error' || m.type === 'pageerror'), [], 'no errors in tab B');
});

e2e(env, 'tabs: rejection in one tab → the other tab runs no new gated content', async (ctx) => {
  const a = ctx.page;
  await ctx.goto('/test/faults/page.html');
  await ready(a);
  await a.locator(SEL.bannerButton('accept-all')).click();
  await a.waitForFunction(() => window.__analyticsRan === 1);
  const { page: b } = await openTab(ctx, '/test/faults/page.html');
  await b.waitForFunction(() => window.__analyticsRan === 1 && window.__marketingRan === 1);

  // The visitor changes their mind in tab A.
  await a.evaluate(() => window.samtykke.rejectAll());
  await settle(a);
  await b.waitForTimeout(500);
  const stateB = {
    isGrantedAnalytics: await b.evaluate(() => window.samtykke.isGranted('analytics')),
    method: (await b.evaluate(() => window.samtykke.getConsent()))?.method ?? null,
  };
  console.log(`# report: tab B after tab A rejected all (no reload): ${JSON.stringify(stateB)}`);

  // Tab B's page now adds gated content (as a single-page app would): it must not run.
  await b.evaluate(() => {
    const s = document.createElement('script');
    s.type = 'text/plain';
    s.setAttribute('data-consent', 'analytics');
    s.textContent = 'window.__lateRan = true;';
    document.body.appendChild(s);
    const f = document.createElement('iframe');
    f.setAttribute('data-consent', 'marketing');
    f.setAttribute('data-src', '/video.html?late');
    f.title = 'Late video';
    document.body.appendChild(f);
  });
  await b.waitForTimeout(500);
  assert.equal(await b.evaluate(() => window.__lateRan), undefined, 'a gated analytics script added after the rejection did not run in tab B');
  assert.equal(await b.evaluate(() => document.querySelector('iframe[title="Late video"]').getAttribute('src')), null, 'a gated iframe added after the rejection got no src in tab B');
  assert.equal(stateB.isGrantedAnalytics, false, 'tab B no longer reports analytics as granted');
});

// ---------------------------------------------------------------------------------------------
// A choice persists: reload, crash, second tab

const CHOICES = {
  'accept-all': {
    make: (page) => page.locator(SEL.bannerButton('accept-all')).click(),
    categories: { necessary: true, preferences: true, analytics: true, marketing: true },
    gated: { analytics: 1, inline: 1, marketing: 1, iframeSrc: '/video.html' },
  },
  'reject-all': {
    make: (page) => page.locator(SEL.bannerButton('reject-all')).click(),
    categories: { necessary: true, preferences: false, analytics: false, marketing: false },
    gated: { analytics: undefined, inline: undefined, marketing: undefined, iframeSrc: null },
  },
  custom: {
    make: chooseAnalyticsOnly,
    categories: { necessary: true, preferences: false, analytics: true, marketing: false },
    gated: { analytics: 1, inline: 1, marketing: undefined, iframeSrc: null },
  },
};

/** Makes the choice in ctx.page; returns the record. */
async function choose(ctx, method) {
  await ctx.goto('/test/faults/page.html');
  await ready(ctx.page);
  await CHOICES[method].make(ctx.page);
  await ctx.page.locator(SEL.banner).waitFor({ state: 'hidden' });
  // No settle(): the crash that follows should come as soon after the choice as possible.
  const record = await ctx.page.evaluate(() => window.samtykke.getConsent());
  assert.equal(record?.method, method);
  assert.deepEqual(record.categories, CHOICES[method].categories);
  return record;
}

/** The page sees `record` and runs exactly what it allows. */
async function assertSees(page, record, method, where) {
  assert.deepEqual(await ready(page), record, `${where}: ready resolves with the same record`);
  await settle(page);
  assert.deepEqual(await page.evaluate(() => window.samtykke.getConsent()), record, `${where}: getConsent() is the same`);
  assert.equal(await page.locator(SEL.banner).isVisible(), false, `${where}: no banner`);
  const g = await gated(page);
  assert.deepEqual(g, CHOICES[method].gated, `${where}: gated content matches the choice`);
}

for (const method of Object.keys(CHOICES)) {
  e2e(env, `persistence: ${method} is seen after a tab crash, after a reload and in a second tab`, async (ctx) => {
    const record = await choose(ctx, method);

    // Right after the choice the renderer crashes (no unload, no pagehide); then a new tab of the
    // same browser.
    const cdp = await ctx.context.newCDPSession(ctx.page);
    const crashed = ctx.page.waitForEvent('crash');
    cdp.send('Page.crash').catch(() => {});
    await crashed;
    const next = await openTab(ctx, '/test/faults/page.html');
    await assertSees(next.page, record, method, 'new tab after the crash');

    // A reload of that tab.
    await next.page.reload();
    await assertSees(next.page, record, method, 'after reload');

    // A second tab, opened while the other is still open.
    const second = await openTab(ctx, '/test/faults/page.html');
    await assertSees(second.page, record, method, 'second tab');
    assert.deepEqual(await next.page.evaluate(() => window.samtykke.getConsent()), record, 'first tab unchanged');
  });
}
