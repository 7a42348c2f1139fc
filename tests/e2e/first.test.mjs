// The first-paint module (first/ + js/first.js) in a real page, before `cargo xtask dist` inlines it:
// a test page loads js/first.js by <script> and calls firstPrepare with first.wasm, built here as dist
// builds it (release cdylib, then wasm-opt with wasm-pack.toml's flags). What it draws and stores is
// compared with the full module's (dist/samtykke.js) on the same page.

import { before } from 'node:test';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { assert, assertRecord, e2e, events, focused, ready, settle, storedRecord, useE2E } from './helpers.mjs';
import { REPO } from './server.mjs';

const OUT = join(REPO, 'target', 'first-e2e');
let wasm = null;

before(() => {
  execFileSync(
    'cargo',
    ['rustc', '-p', 'samtykke-first', '--release', '--target', 'wasm32-unknown-unknown', '--crate-type', 'cdylib'],
    { cwd: REPO, stdio: 'inherit' },
  );
  const toml = readFileSync(join(REPO, 'wasm-pack.toml'), 'utf8');
  const flags = [...toml.match(/^wasm-opt = \[([^\]]*)\]/m)[1].matchAll(/"([^"]+)"/g)].map((m) => m[1]);
  mkdirSync(OUT, { recursive: true });
  const built = join(REPO, 'target/wasm32-unknown-unknown/release/samtykke_first.wasm');
  execFileSync(join(REPO, 'node_modules/.bin/wasm-opt'), [...flags, built, '-o', join(OUT, 'first.wasm')], {
    stdio: 'inherit',
  });
  wasm = readFileSync(join(OUT, 'first.wasm'));
});

const CONFIG = {
  revision: '2024-06-17',
  policyUrl: '/privacy.html?a=1&b=<2>',
  controller: 'Nordlys <Software> & Co',
  categories: [
    { id: 'necessary', required: true },
    { id: 'analytics', cookies: ['_ga', '_ga_*', '_gid'] },
    { id: 'marketing', cookies: ['_fbp'] },
  ],
};

// What a test page holds besides the config: gated scripts, a control that opens the preferences.
const BODY = `<main><h1>first</h1><button id="before" type="button">Focus me</button>
<script>document.getElementById('before').focus();</script>
<p><button type="button" data-samtykke-open>Cookie settings</button></p></main>
<script type="text/plain" data-consent="analytics">window.__inlineRan = (window.__inlineRan || 0) + 1;</script>
<script type="text/plain" data-consent="!analytics">window.__noAnalytics = true;</script>
<script type="text/plain" data-consent="analytics" data-src="/js/analytics.js" nonce="n1" id="ext"></script>
<script type="text/plain" data-consent="analytics">window.__afterExternal = !!window.__analyticsRan;</script>`;

// Calls firstPrepare and its start as the loader will; records the hand-overs.
const HARNESS = `window.__handovers = [];
window.__first = fetch('/first/first.wasm').then(function (r) { return r.arrayBuffer(); }).then(function (b) {
  var text = document.getElementById('samtykke-config').textContent;
  var start = firstPrepare(new Uint8Array(b), text);
  return start && start(function (action, detail) {
    window.__handovers.push([action, detail == null ? null : typeof detail == 'string' ? detail : detail.tagName]);
  });
}).then(function (api) { window.__api = api; return api ? 'started' : null; });`;

function html({ config = CONFIG, body = BODY, lang = 'en', full = false, extra = '' }) {
  const script = full
    ? '<script src="/samtykke/samtykke.js"></script>'
    : '<script src="/first/first.js"></script><script src="/first/harness.js"></script>';
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>first</title></head><body>
${body}${extra}
<script type="application/json" id="samtykke-config">${JSON.stringify(config)}</script>
${script}</body></html>`;
}

const pages = new Map();
const env = useE2E({
  routes(req, res) {
    const path = new URL(req.url, 'http://x').pathname;
    const send = (type, body) => {
      res.writeHead(200, { 'Content-Type': type, 'Cache-Control': 'no-store' });
      res.end(body);
      return true;
    };
    if (path === '/first/first.wasm') return send('application/wasm', wasm);
    if (path === '/first/first.js') return send('text/javascript', readFileSync(join(REPO, 'js/first.js')));
    if (path === '/first/harness.js') return send('text/javascript', HARNESS);
    if (pages.has(path)) return send('text/html; charset=utf-8', pages.get(path));
    return false;
  },
});

/** Serves `html` at a fresh path; returns the path. */
function serve(html) {
  const path = `/first/page${pages.size}.html`;
  pages.set(path, html);
  return path;
}

const started = (p) => p.evaluate(() => window.__first);

/** What samtykke drew: each host's markup, its styles and where it sits. */
function drawn(p) {
  return p.evaluate(() =>
    ['samtykke', 'samtykke-reopen'].map((id) => {
      const host = document.getElementById(id);
      if (!host) return null;
      return {
        outer: host.outerHTML,
        parent: host.parentElement.tagName,
        html: host.shadowRoot.innerHTML,
        sheets: [...host.shadowRoot.adoptedStyleSheets].map((s) => [...s.cssRules].map((r) => r.cssText).join('\n')),
      };
    }),
  );
}

/** The page's state that first must not touch when it defers. */
function untouched(p) {
  return p.evaluate(() => ({
    hosts: document.querySelectorAll('#samtykke, #samtykke-reopen').length,
    marked: document.querySelectorAll('[data-samtykke]').length,
    ran: [window.__inlineRan, window.__noAnalytics, window.__analyticsRan],
    storage: Object.keys(localStorage),
    events: window.__events.length,
  }));
}

/** Console errors and warnings, as text. */
const said = (messages) =>
  messages.filter((m) => /^samtykke/.test(m.text) && (m.type === 'error' || m.type === 'warning')).map((m) => m.text);

/** Waits for what a first page may still do: an external gated script loading, or nothing at all.
 * (settle() needs the loader's window.samtykke, which these pages do not have.) */
async function calm(page, external) {
  if (external) await page.waitForFunction(() => window.__afterExternal !== undefined);
  await page.waitForTimeout(300);
}

e2e(env, 'first draws the banner exactly as the full module does, and refuses the same scripts', async (t) => {
  const refused =
    '<script type="text/plain" data-consent="!analytics" data-src=" JavaScript:alert(1)" id="bad"></script>';
  const theirs = serve(html({ extra: refused, full: true }));
  const mine = serve(html({ extra: refused }));
  await t.goto(theirs);
  await ready(t.page);
  await settle(t.page);
  const full = { drawn: await drawn(t.page), focus: await focused(t.page), said: said(t.consoleMessages) };
  assert.equal(full.drawn.length, 2);
  t.consoleMessages.length = 0;
  await t.goto(mine);
  assert.equal(await started(t.page), 'started');
  await calm(t.page, false);
  assert.deepEqual(await drawn(t.page), full.drawn);
  assert.deepEqual(await focused(t.page), full.focus);
  assert.deepEqual(said(t.consoleMessages), full.said);
  assert.equal(full.said.length, 1, 'the refused script is named once');
  assert.deepEqual(await events(t.page), [{ type: 'samtykke:ready', detail: null }]);
  const state = await t.page.evaluate(() => ({
    no: window.__noAnalytics,
    yes: window.__inlineRan,
    bad: document.getElementById('bad').getAttribute('data-samtykke'),
    api: [window.__api.isGranted('necessary'), window.__api.isGranted('analytics'), window.__api.getConsent()],
  }));
  assert.deepEqual(state, { no: true, yes: undefined, bad: 'refused', api: [true, false, null] });
}, { allowConsoleErrors: true });

/** Accept all (or Reject all) in whichever module drew the page; the record and what followed. */
async function choose(t, path, action, isFirst) {
  await t.goto(path);
  if (isFirst) assert.equal(await started(t.page), 'started');
  else await ready(t.page);
  await t.page.click(`#samtykke [data-action="${action}"]`);
  await t.page.waitForFunction(() => window.__events.some((e) => e.type === 'samtykke:change'));
  if (isFirst) await calm(t.page, action === 'accept-all');
  else await settle(t.page);
  return {
    record: await storedRecord(t.page),
    events: await events(t.page),
    drawn: (await drawn(t.page)).map((d) => d.html),
    focus: await focused(t.page),
    ran: await t.page.evaluate(() => [window.__inlineRan, window.__noAnalytics, window.__analyticsRan, window.__afterExternal]),
    marks: await t.page.evaluate(() =>
      [...document.querySelectorAll('script[data-consent]')].map((s) => [s.getAttribute('data-samtykke'), s.type, s.nonce, s.id]),
    ),
    cookies: (await t.context.cookies()).map((c) => c.name).sort(),
  };
}

/** A record without what differs between two runs (its id and times). */
const shape = (r) => ({ ...r, id: typeof r.id, given: typeof r.given, updated: typeof r.updated, expires: typeof r.expires });

for (const [action, categories] of [
  ['accept-all', { analytics: true, marketing: true, necessary: true }],
  ['reject-all', { analytics: false, marketing: false, necessary: true }],
]) {
  e2e(env, `${action} in first stores, deletes, gates and redraws as the full module does`, async (t) => {
    const cookies = ['_ga', '_ga_XY', '_gid', '_fbp', 'keep'].map((name) => ({ name, value: '1', url: t.url }));
    await t.context.addCookies(cookies);
    const full = await choose(t, serve(html({ full: true })), action, false);
    await t.context.clearCookies();
    await t.context.addCookies(cookies);
    await t.page.evaluate(() => localStorage.clear());
    const since = Date.now();
    const mine = await choose(t, serve(html({})), action, true);
    assertRecord(mine.record, { method: action, categories, language: 'en', since });
    assert.deepEqual(shape(mine.record), shape(full.record));
    assert.deepEqual(mine.events, [
      { type: 'samtykke:ready', detail: null },
      { type: 'samtykke:change', detail: mine.record },
    ]);
    for (const key of ['drawn', 'focus', 'ran', 'marks', 'cookies']) assert.deepEqual(mine[key], full[key], key);
    assert.equal(mine.focus?.tag, 'button', 'focus went back to the page element that had it before the banner');
    if (action === 'reject-all') assert.deepEqual(mine.cookies, ['keep']);
    const api = await t.page.evaluate(() => [window.__api.isGranted('analytics'), window.__api.getConsent()]);
    assert.deepEqual(api, [action === 'accept-all', mine.record]);
  });
}

e2e(env, 'a return visit gates without a banner, and the API decides again keeping the id', async (t) => {
  const path = serve(html({}));
  await choose(t, path, 'accept-all', true);
  const stored = await storedRecord(t.page);
  await t.goto(path);
  assert.equal(await started(t.page), 'started');
  await calm(t.page, true);
  const [main, reopen] = (await drawn(t.page)).map((d) => d.html);
  assert.doesNotMatch(main, /banner/);
  assert.match(reopen, /data-action="reopen"/);
  assert.deepEqual(await events(t.page), [{ type: 'samtykke:ready', detail: stored }]);
  assert.deepEqual(await t.page.evaluate(() => [window.__inlineRan, window.__noAnalytics, window.__afterExternal]), [1, undefined, true]);
  await t.page.evaluate(() => window.__api.rejectAll());
  const again = await storedRecord(t.page);
  assert.equal(again.id, stored.id);
  assert.equal(again.given, stored.given);
  assert.equal(again.method, 'reject-all');
  assert.deepEqual((await focused(t.page))?.action, 'reopen', 'focus as the full module puts it (Focus::Return, no opener)');
});

for (const [name, options, before] of [
  ['another language', { lang: 'da' }],
  ['a config key first does not read', { config: { ...CONFIG, language: 'en' } }],
  ['a gated iframe', { extra: '<iframe data-consent="marketing" data-src="/video.html" title="v"></iframe>' }],
  ['a stored record first cannot use', {}, { samtykke: '{"v":1}' }],
  ['Global Privacy Control', {}, null, true],
]) {
  e2e(env, `first defers on ${name} and touches nothing`, async (t) => {
    if (before) await t.context.addInitScript((s) => { for (const k in s) localStorage.setItem(k, s[k]); }, before);
    if (name.startsWith('Global')) {
      await t.context.addInitScript(() => Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true }));
    }
    await t.goto(serve(html(options)));
    assert.equal(await started(t.page), null);
    await calm(t.page, false);
    const state = await untouched(t.page);
    assert.deepEqual(state, {
      hosts: 0,
      marked: 0,
      ran: [undefined, undefined, undefined],
      storage: before ? Object.keys(before) : [],
      events: 0,
    });
  });
}

e2e(env, 'what only the full module does is handed over, first decides until stop() takes it off the page', async (t) => {
  await t.goto(serve(html({})));
  assert.equal(await started(t.page), 'started');
  await t.page.selectOption('#samtykke select[data-action="language"]', 'da');
  await t.page.click('#samtykke [data-action="preferences"]');
  assert.deepEqual(await t.page.evaluate(() => window.__handovers), [['language', 'da'], ['preferences', null]]);
  // The loader keeps first in charge until the full module is there (or for good, if it cannot be
  // had): the banner still decides.
  await t.page.click('#samtykke [data-action="accept-all"]');
  assert.equal((await storedRecord(t.page))?.method, 'accept-all', 'first still decides after a hand-over');
  await t.page.evaluate(() => window.__api.stop());
  await t.page.evaluate(() => localStorage.clear());
  assert.deepEqual((await untouched(t.page)).hosts, 0);

  for (const [act, expected] of [
    [(p) => p.click('#samtykke [data-action="preferences"]'), ['preferences', null]],
    [(p) => p.click('[data-samtykke-open]'), ['preferences', 'BUTTON']],
    [
      (p) =>
        p.evaluate(() => {
          const frame = document.createElement('iframe');
          frame.setAttribute('data-consent', 'marketing');
          document.body.append(frame);
        }),
      ['embed', null],
    ],
  ]) {
    await t.goto(serve(html({})));
    assert.equal(await started(t.page), 'started');
    await act(t.page);
    await t.page.waitForFunction(() => window.__handovers.length > 0);
    assert.deepEqual(await t.page.evaluate(() => window.__handovers), [expected]);
  }

  // Another tab stores a choice.
  const path = serve(html({}));
  await t.goto(path);
  assert.equal(await started(t.page), 'started');
  const other = await t.context.newPage();
  await other.goto(new URL(path, t.url).href);
  await other.evaluate(() => window.__first);
  await other.click('#samtykke [data-action="reject-all"]');
  await t.page.waitForFunction(() => window.__handovers.length > 0);
  assert.deepEqual(await t.page.evaluate(() => window.__handovers), [['storage', null]]);
  await other.close();
});

e2e(env, 'storage that throws: at start first defers; a write that fails keeps the choice for the page', async (t) => {
  await t.context.addInitScript(() => {
    const real = Storage.prototype.getItem;
    Storage.prototype.getItem = function (k) {
      if (window.__throwOnRead) throw new Error('blocked');
      return real.call(this, k);
    };
    Storage.prototype.setItem = () => {
      throw new Error('quota');
    };
    window.__throwOnRead = !location.search.includes('write');
  });
  const path = serve(html({}));
  await t.goto(path);
  assert.equal(await started(t.page), null);
  await calm(t.page, false);
  assert.equal((await untouched(t.page)).hosts, 0);

  await t.goto(path + '?write');
  assert.equal(await started(t.page), 'started');
  await t.page.click('#samtykke [data-action="accept-all"]');
  await t.page.waitForFunction(() => window.__inlineRan === 1);
  // As the full module (src/browser/storage.rs): the choice holds for this page, one warning.
  const state = await t.page.evaluate(() => ({
    handovers: window.__handovers,
    granted: window.__api.isGranted('analytics'),
    method: window.__api.getConsent()?.method,
    changes: window.__events.filter((e) => e.type === 'samtykke:change').length,
  }));
  assert.deepEqual(state, { handovers: [], granted: true, method: 'accept-all', changes: 1 });
  const warnings = t.consoleMessages.filter((m) => m.type === 'warning').map((m) => m.text);
  assert.deepEqual(warnings, ['samtykke: saving to localStorage failed (full or blocked); your choice is kept for this page only']);
}, { allowConsoleErrors: true });
