// Shared set-up for the samtykke end-to-end tests (node:test + playwright-core, system Chromium).
//
// useE2E() in a test file starts the demo server and one browser for the whole file; e2e(name, fn)
// declares a test that gets a fresh browser context (empty storage, no cookies), collects console
// messages and requests, and fails when the page throws. On failure a screenshot and the console log
// go to tests/e2e/artifacts/ (git-ignored).

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

import { REPO, WWW, startServer } from './server.mjs';
import { ARGS, CHROMIUM } from './chromium.mjs';

export { assert };

/** How long a single wait may take. Generous enough for a slow CI box, short enough to fail fast. */
export const TIMEOUT = 5_000;

const ARTIFACTS = join(REPO, 'tests', 'e2e', 'artifacts');

/** Selectors (Playwright's css engine pierces the open shadow root). */
export const SEL = {
  host: '#samtykke',
  banner: '#samtykke .banner',
  bannerButton: (action) => `#samtykke .banner [data-action="${action}"]`,
  dialog: '#samtykke [role="dialog"]',
  dialogButton: (action) => `#samtykke [role="dialog"] [data-action="${action}"]`,
  checkbox: (id) => `#samtykke [role="dialog"] input[type="checkbox"][data-category="${id}"]`,
  reopen: '#samtykke-reopen [data-action="reopen"]',
  video: 'iframe[title="Demo video"]',
};

/** The categories of www/consent.json. */
export const CATEGORIES = ['necessary', 'preferences', 'analytics', 'marketing'];

// Runs in every page before any page script: records samtykke's window events (detail deep-copied,
// so later mutation cannot hide what was sent).
function recordEvents() {
  window.__events = [];
  for (const type of ['samtykke:ready', 'samtykke:change', 'samtykke:error']) {
    window.addEventListener(type, (e) => {
      let detail;
      try {
        detail = e.detail === undefined ? '<undefined>' : JSON.parse(JSON.stringify(e.detail));
      } catch (err) {
        detail = `<not JSON: ${err}>`;
      }
      window.__events.push({ type, detail });
    });
  }
}

/**
 * Starts the server and browser for this test file.
 * @param {Parameters<typeof startServer>[0]} [serverOptions] e.g. { routes } to inject faults
 * @param {{ args?: string[] }} [browserOptions] extra Chromium switches, e.g. --host-resolver-rules
 * @returns {{ readonly url: string, readonly browser: import('playwright-core').Browser }}
 */
export function useE2E(serverOptions = {}, browserOptions = {}) {
  const state = { server: null, browser: null };
  before(async () => {
    state.server = await startServer(serverOptions);
    state.browser = await chromium.launch({ executablePath: CHROMIUM, args: [...ARGS, ...(browserOptions.args ?? [])] });
  });
  after(async () => {
    await state.browser?.close();
    await state.server?.close();
  });
  return {
    get url() {
      return state.server.url;
    },
    get origin() {
      return new URL(state.server.url).origin;
    },
    get port() {
      return state.server.port;
    },
    get browser() {
      return state.browser;
    },
  };
}

/**
 * Declares one test with a fresh browser context.
 * @param {ReturnType<typeof useE2E>} env
 * @param {string} name
 * @param {(ctx: E2E) => Promise<void>} fn
 * @param {{ allowConsoleErrors?: boolean, contextOptions?: object, timeout?: number }} [options]
 *   allowConsoleErrors: by default a console.error fails the test (samtykke must not log errors in a
 *   normal run); tests of failure paths set this and assert on ctx.consoleMessages themselves.
 *
 * @typedef {{ page: import('playwright-core').Page, context: import('playwright-core').BrowserContext,
 *   url: string, origin: string, consoleMessages: {type: string, text: string}[],
 *   requests: string[], pageErrors: Error[], goto: (path: string) => Promise<void> }} E2E
 */
export function e2e(env, name, fn, options = {}) {
  test(name, { timeout: options.timeout ?? 30_000 }, async () => {
    const context = await env.browser.newContext({ ...(options.contextOptions ?? {}) });
    context.setDefaultTimeout(TIMEOUT);
    await context.addInitScript(recordEvents);
    const page = await context.newPage();
    const consoleMessages = [];
    const pageErrors = [];
    const requests = [];
    page.on('console', (m) => consoleMessages.push({ type: m.type(), text: m.text(), url: m.location()?.url ?? '' }));
    page.on('pageerror', (err) => pageErrors.push(err));
    context.on('request', (r) => requests.push(r.url()));
    const inflight = new Set();
    inflightByPage.set(page, inflight);
    page.on('request', (r) => {
      inflight.add(r);
      inflight.lastChange = Date.now();
    });
    // A response whose body the page never reads (e.g. a 404 the loader only checks .ok on) would stay
    // "in flight" forever, so headers received counts as done.
    for (const ev of ['response', 'requestfinished', 'requestfailed']) {
      page.on(ev, (r) => {
        inflight.delete(ev === 'response' ? r.request() : r);
        inflight.lastChange = Date.now();
      });
    }
    const ctx = {
      page,
      context,
      url: env.url,
      origin: env.origin,
      consoleMessages,
      requests,
      pageErrors,
      goto: async (path) => {
        const res = await page.goto(new URL(path, env.url).href);
        assert.equal(res?.status(), 200, `GET ${path}`);
      },
    };
    try {
      await fn(ctx);
      assert.deepEqual(pageErrors.map(String), [], 'uncaught errors in the page');
      if (!options.allowConsoleErrors) {
        const errors = consoleMessages.filter((m) => m.type === 'error').map((m) => `${m.text} (${m.url})`);
        assert.deepEqual(errors, [], 'console errors');
      }
    } catch (err) {
      await saveArtifacts(name, page, consoleMessages, pageErrors, requests).catch(() => {});
      throw err;
    } finally {
      await context.close();
    }
  });
}

async function saveArtifacts(name, page, consoleMessages, pageErrors, requests) {
  await mkdir(ARTIFACTS, { recursive: true });
  const base = join(ARTIFACTS, name.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '').toLowerCase());
  const log = [
    `url: ${page.url()}`,
    '',
    '# console',
    ...consoleMessages.map((m) => `[${m.type}] ${m.text}${m.url ? `  (${m.url})` : ''}`),
    '',
    '# page errors',
    ...pageErrors.map((e) => String(e?.stack ?? e)),
    '',
    '# requests',
    ...requests,
  ].join('\n');
  await writeFile(`${base}.log`, log + '\n');
  if (!page.isClosed()) await page.screenshot({ path: `${base}.png`, fullPage: true, timeout: 2_000 });
}

// ---------------------------------------------------------------------------------------------
// Page helpers

/** Waits until window.samtykke exists and its ready promise settled; returns what it resolved to. */
export async function ready(page) {
  await page.waitForFunction(() => typeof window.samtykke === 'object' && window.samtykke !== null, null, {
    timeout: TIMEOUT,
  });
  return page.evaluate(
    (timeout) =>
      Promise.race([
        window.samtykke.ready,
        new Promise((_, reject) =>
          setTimeout(() => reject(new Error(`samtykke.ready did not settle in ${timeout} ms`)), timeout),
        ),
      ]),
    TIMEOUT,
  );
}

/**
 * Lets pending work finish before asserting that something did NOT happen: waits for samtykke to be
 * ready, then until no request has been open or started for QUIET_MS. (Playwright's "networkidle"
 * proved unreliable here: it sometimes never fires for pages with an unread fetch body.)
 */
export async function settle(page) {
  await ready(page);
  const inflight = inflightByPage.get(page);
  const deadline = Date.now() + TIMEOUT;
  for (;;) {
    const quietFor = Date.now() - (inflight.lastChange ?? 0);
    if (inflight.size === 0 && quietFor >= QUIET_MS) return;
    if (Date.now() > deadline) {
      throw new Error(`network did not settle in ${TIMEOUT} ms; open: ${JSON.stringify([...inflight].map((r) => r.url()))}`);
    }
    await page.waitForTimeout(50);
  }
}

/** How long the network must be quiet before settle() returns. */
export const QUIET_MS = 400;

const inflightByPage = new WeakMap();

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/**
 * Runs axe (WCAG 2.0/2.1 A and AA, WCAG 2.2 AA) on the whole document; it descends into open shadow
 * roots. Returns the violations as a readable list.
 * @param {string} [host] part of the selector of a shadow host axe must have checked nodes in
 */
export async function axeViolations(page, host = '#samtykke') {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.addScriptTag({ path: AXE });
  const result = await page.evaluate(
    async ([tags, host]) => {
      const r = await window.axe.run(document, { runOnly: { type: 'tag', values: tags } });
      // Shadow DOM nodes have a nested target: [["#samtykke", "<selector inside the shadow root>"]].
      const inShadow = r.passes.flatMap((p) => p.nodes).filter((n) => Array.isArray(n.target[0]) && n.target[0][0].includes(host));
      return { violations: r.violations, shadowNodesChecked: inShadow.length };
    },
    [AXE_TAGS, host],
  );
  assert.ok(result.shadowNodesChecked > 0, `axe checked nodes inside the shadow root of ${host}`);
  return result.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.map((n) => ({ target: n.target, html: n.html.slice(0, 160), summary: n.failureSummary })),
  }));
}

/** The stored record, parsed (null when absent). */
export function storedRecord(page, key = 'samtykke') {
  return page.evaluate((k) => {
    const raw = window.localStorage.getItem(k);
    return raw === null ? null : JSON.parse(raw);
  }, key);
}

/** Facts about gated content on the demo pages. */
export function gatedState(page) {
  return page.evaluate(() => ({
    analyticsRan: window.__analyticsRan,
    inlineRan: window.__inlineRan,
    noAnalytics: window.__noAnalytics,
    iframeSrc: document.querySelector('iframe[title="Demo video"]')?.getAttribute('src') ?? null,
  }));
}

/** URLs requested for the gated analytics script. */
export function analyticsRequests(requests) {
  return requests.filter((u) => new URL(u).pathname === '/js/analytics.js');
}

/** Cookie names in the context. */
export async function cookieNames(context) {
  return (await context.cookies()).map((c) => c.name).sort();
}

/** Polls cookie names until pred holds (cookies live outside the page, so waitForFunction cannot). */
export async function waitForCookies(context, pred, what) {
  const deadline = Date.now() + TIMEOUT;
  let names;
  for (;;) {
    names = await cookieNames(context);
    if (pred(names)) return names;
    if (Date.now() > deadline) assert.fail(`timed out waiting for cookies: ${what}; have ${JSON.stringify(names)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The samtykke events seen so far in this page ({type, detail}). */
export function events(page) {
  return page.evaluate(() => window.__events);
}

/** Waits until samtykke's UI is drawn in `lang` (its root element carries the language). */
export function drawnIn(page, lang) {
  return page.waitForFunction(
    (l) => document.getElementById('samtykke')?.shadowRoot?.querySelector('.root')?.getAttribute('lang') === l,
    lang,
  );
}

/** Describes the focused element, looking through shadow roots. */
export function focused(page) {
  return page.evaluate(() => {
    let el = document.activeElement;
    while (el && el.shadowRoot && el.shadowRoot.activeElement) el = el.shadowRoot.activeElement;
    if (!el || el === document.body) return null;
    const root = el.getRootNode();
    return {
      tag: el.tagName.toLowerCase(),
      action: el.getAttribute('data-action'),
      category: el.getAttribute('data-category'),
      text: (el.textContent ?? '').trim(),
      inSamtykke: root instanceof ShadowRoot && (root.host.id === 'samtykke' || root.host.id === 'samtykke-reopen'),
      inBanner: !!el.closest('.banner'),
      inDialog: !!el.closest('[role="dialog"]'),
      samtykkeOpen: el.hasAttribute('data-samtykke-open'),
    };
  });
}

export const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
export const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;
export const DAY_MS = 86_400_000;

/**
 * Asserts a stored record has the contract's shape.
 * @param {object} record
 * @param {{ method: string, categories: Record<string, boolean>, revision?: string,
 *           language?: string, since?: number, until?: number }} expected
 */
export function assertRecord(record, expected) {
  assert.ok(record && typeof record === 'object', `a record is stored, got ${JSON.stringify(record)}`);
  assert.deepEqual(
    Object.keys(record).sort(),
    ['categories', 'expires', 'given', 'id', 'language', 'method', 'revision', 'updated', 'v'],
    `record keys (${JSON.stringify(record)})`,
  );
  assert.equal(record.v, 1, 'record.v');
  assert.match(record.id, UUID_V4, 'record.id is a UUID v4');
  assert.equal(record.revision, expected.revision ?? '2024-06-17', 'record.revision');
  for (const key of ['given', 'updated', 'expires']) {
    assert.match(record[key], ISO_DATE, `record.${key} is an ISO date`);
    assert.ok(!Number.isNaN(Date.parse(record[key])), `record.${key} parses`);
  }
  const given = Date.parse(record.given);
  const updated = Date.parse(record.updated);
  const expires = Date.parse(record.expires);
  if (expected.since !== undefined) {
    // The browser's clock and ours are the same machine; allow a second for ms truncation.
    assert.ok(given >= expected.since - 1000, `record.given ${record.given} is not before the test started`);
    assert.ok(given <= (expected.until ?? Date.now()) + 1000, `record.given ${record.given} is not in the future`);
  }
  assert.ok(updated >= given, `record.updated ${record.updated} >= given ${record.given}`);
  const days = (expires - given) / DAY_MS;
  assert.ok(Math.abs(days - (expected.expiresDays ?? 182)) <= 1 / 24, `expires is ${expected.expiresDays ?? 182} days after given, got ${days}`);
  assert.equal(record.method, expected.method, 'record.method');
  assert.deepEqual(record.categories, expected.categories, 'record.categories');
  if (expected.language !== undefined) assert.equal(record.language, expected.language, 'record.language');
}

/**
 * Tracks the requests of a page that e2e() did not create (a second tab), so settle() works on it.
 * Mirrors the tracking e2e() sets up for its own page.
 */
export function trackPage(page) {
  if (inflightByPage.has(page)) return;
  const inflight = new Set();
  inflightByPage.set(page, inflight);
  page.on('request', (r) => {
    inflight.add(r);
    inflight.lastChange = Date.now();
  });
  for (const ev of ['response', 'requestfinished', 'requestfailed']) {
    page.on(ev, (r) => {
      inflight.delete(ev === 'response' ? r.request() : r);
      inflight.lastChange = Date.now();
    });
  }
}

const HOME = readFileSync(join(WWW, 'index.html'), 'utf8');

/**
 * A routes hook for useE2E: `/lang/<code>.html` is the demo home page with `<html lang="<code>">`,
 * so a test can open the site in any language without a fixture file per language.
 */
export function pageInLanguage(req, res) {
  const m = /^\/lang\/([a-z]{2,3})\.html$/.exec(new URL(req.url, 'http://x').pathname);
  if (!m) return false;
  if (!HOME.includes('<html lang="en">')) throw new Error('www/index.html must start with <html lang="en">');
  const body = HOME.replace('<html lang="en">', `<html lang="${m[1]}">`);
  res.writeHead(200, {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
    'Cache-Control': 'no-store',
  });
  res.end(body);
  return true;
}

/** Serves `config` (an object) as the page's /consent.json. */
export function serveConfig(page, config) {
  return page.route('**/consent.json', (route) =>
    route.fulfill({ contentType: 'application/json', body: JSON.stringify(config) }),
  );
}
