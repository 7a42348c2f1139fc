// dist/ as an npm package: package.json's exports, and the ES module entry samtykke.mjs, whose
// load() injects the classic loader once (www/esm/: the demo page and two fixtures).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { REPO } from './server.mjs';
import {
  CATEGORIES,
  SEL,
  analyticsRequests,
  assert,
  assertRecord,
  e2e,
  gatedState,
  ready,
  settle,
  storedRecord,
  useE2E,
} from './helpers.mjs';

const env = useE2E();
const DIST = process.env.SAMTYKKE_DIST ?? join(REPO, 'dist');
const all = (value) => Object.fromEntries(CATEGORIES.map((id) => [id, id === 'necessary' ? true : value]));
const path = (u) => new URL(u).pathname;
const loaderRequests = (requests) => requests.filter((u) => path(u) === '/samtykke/samtykke.js');
const wasmRequests = (requests) => requests.filter((u) => path(u) === '/samtykke/samtykke_bg.wasm');
const warnings = (messages) => messages.filter((m) => m.type === 'warning').map((m) => m.text);
const TWICE = 'samtykke: loaded twice; this copy does nothing';

e2e(env, 'package.json: exports name files that exist, import gets the module, the rest the classic loader', async () => {
  const pkg = JSON.parse(readFileSync(join(DIST, 'package.json'), 'utf8'));
  assert.equal(pkg.name, 'samtykke');
  assert.equal(pkg.main, './samtykke.js');
  assert.equal(pkg.module, './samtykke.mjs');
  assert.equal(pkg.types, './samtykke.d.ts');
  assert.equal(pkg.type, undefined, 'no "type": samtykke.js is a classic script, not a module');
  assert.deepEqual(pkg.exports['.'], {
    import: { types: './samtykke.d.mts', default: './samtykke.mjs' },
    default: { types: './samtykke.d.ts', default: './samtykke.js' },
  });
  // Conditions are matched in key order: "types" must come before "default" in each.
  for (const cond of Object.values(pkg.exports['.'])) assert.deepEqual(Object.keys(cond), ['types', 'default']);
  const targets = [];
  const walk = (v) => (typeof v === 'string' ? targets.push(v) : Object.values(v).forEach(walk));
  walk(pkg.exports);
  for (const t of [pkg.main, pkg.module, pkg.types, ...targets]) {
    assert.match(t, /^\.\//, `${t} is relative to the package`);
    const file = t.replace('*', 'da.json');
    assert.ok(existsSync(join(DIST, file)), `dist/${file} exists (named by package.json)`);
    const top = file.slice(2).split('/')[0];
    assert.ok(pkg.files.some((f) => f.replace(/\/$/, '') === top), `"files" includes ${top}`);
  }
});

e2e(env, 'npm pack of dist/: README, both licences, every runtime file, export and the bin', async () => {
  const packed = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: DIST, encoding: 'utf8' });
  assert.equal(packed.status, 0, packed.stderr);
  const files = new Set(JSON.parse(packed.stdout)[0].files.map((f) => f.path));
  const pkg = JSON.parse(readFileSync(join(DIST, 'package.json'), 'utf8'));
  const runtime = JSON.parse(readFileSync(join(DIST, 'runtime.json'), 'utf8')).files;
  assert.ok(runtime.includes('samtykke.js') && runtime.includes('samtykke_bg.wasm'), `runtime.json: ${runtime}`);
  const targets = [];
  const walk = (v) => (typeof v === 'string' ? targets.push(v) : Object.values(v).forEach(walk));
  walk(pkg.exports);
  const wanted = ['README.md', 'LICENSE-MIT', 'LICENSE-APACHE', 'package.json', ...runtime, ...Object.values(pkg.bin),
    ...targets.filter((t) => !t.includes('*')).map((t) => t.slice(2))];
  for (const f of wanted) assert.ok(files.has(f), `the tarball has ${f}`);
});

e2e(env, 'ES module page: banner, no console errors, accept-all runs the gated script, one loader', async (ctx) => {
  const { page, goto, requests, consoleMessages } = ctx;
  await goto('/esm/index.html');
  await page.locator(SEL.bannerButton('accept-all')).waitFor({ state: 'visible' });
  assert.equal(await ready(page), null, 'first visit: nothing stored');
  await page.locator('body[data-esm-state="none"]').waitFor({ state: 'attached' });
  await page.waitForFunction(() => window.__noAnalytics === true);
  assert.deepEqual(analyticsRequests(requests), [], 'analytics.js not requested before consent');

  const since = Date.now();
  await page.locator(SEL.bannerButton('accept-all')).click();
  await page.waitForFunction(() => window.__analyticsRan === 1 && window.__inlineRan === true);
  assertRecord(await storedRecord(page), { method: 'accept-all', categories: all(true), since });
  // main.js follows the change through the module's API object (onChange, getConsent, isGranted).
  await page.locator('#esm-status', { hasText: 'Statistics allowed (accept-all).' }).waitFor();
  await settle(page);
  assert.equal(loaderRequests(requests).length, 1, 'samtykke.js fetched once');
  assert.equal(wasmRequests(requests).length, 0, 'the first-paint module in samtykke.js decided: no full wasm');
  // The full module comes from beside samtykke.js once the visitor opens the preferences.
  await page.locator(SEL.reopen).click();
  await page.locator(SEL.dialog).waitFor({ state: 'visible' });
  assert.equal(wasmRequests(requests).length, 1, 'the full wasm fetched once, from beside samtykke.js');
  // The loader found its wasm and config through the injected tag: one tag, with data-config.
  const tags = await page.evaluate(() =>
    [...document.scripts].filter((s) => s.src.endsWith('/samtykke.js')).map((s) => s.getAttribute('data-config')),
  );
  assert.deepEqual(tags, ['/consent.json']);
  assert.deepEqual(warnings(consoleMessages), [], 'no warnings');
});

e2e(env, "ES module API: load() resolves with window.samtykke, the same promise every time, and it works", async ({ page, goto }) => {
  await goto('/esm/index.html');
  await ready(page);
  const facts = await page.evaluate(async () => {
    const m = await import('/samtykke/samtykke.mjs');
    const first = m.load();
    const s = await first;
    return {
      exports: Object.keys(m).sort(),
      same: s === window.samtykke,
      samePromise: m.load() === first,
      frozen: Object.isFrozen(s),
      members: Object.keys(s).sort(),
    };
  });
  assert.deepEqual(facts.exports, ['load']);
  assert.ok(facts.same, 'load() resolves with window.samtykke');
  assert.ok(facts.samePromise, 'load() returns the same promise every time');
  assert.ok(facts.frozen);
  for (const m of ['ready', 'isGranted', 'whenGranted', 'getConsent', 'acceptAll', 'rejectAll', 'setConsent',
    'showPreferences', 'withdraw', 'setLanguage', 'onChange', 'audit']) {
    assert.ok(facts.members.includes(m), `API has ${m}`);
  }
  // Through the object the module handed out (the page's own buttons sit under the banner).
  await page.evaluate(() => import('/samtykke/samtykke.mjs').then((m) => m.load()).then((s) => s.rejectAll()));
  await page.locator('#esm-status', { hasText: 'Statistics not allowed (reject-all).' }).waitFor();
  assert.equal(await page.evaluate(() => window.samtykke.isGranted('analytics')), false);
  await page.locator(SEL.banner).waitFor({ state: 'hidden' });
  await page.locator('[data-esm="withdraw"]').click();
  await page.locator('#esm-status', { hasText: 'No choice stored yet.' }).waitFor();
  await page.locator(SEL.bannerButton('accept-all')).waitFor({ state: 'visible' });
});

e2e(env, 'classic tag and ES module on one page: the loader runs once, with the tag’s config', async (ctx) => {
  const { page, goto, requests, consoleMessages } = ctx;
  await goto('/esm/twice.html');
  await page.locator(SEL.bannerButton('accept-all')).waitFor({ state: 'visible' });
  await page.locator('body[data-esm-state="none"]').waitFor({ state: 'attached' });
  // A click event, not a pointer click: at 1280×720 the banner (taller since the first layer says
  // how to withdraw) lies over this page button, and what is tested is the API behind it.
  await page.locator('[data-esm="accept-all"]').dispatchEvent('click');
  await page.waitForFunction(() => window.__analyticsRan === 1);
  // /test/revision2.json (the tag's) was used, not main.js's /consent.json.
  assert.equal((await storedRecord(page)).revision, '2025-01-01');
  await settle(page);
  assert.equal(loaderRequests(requests).length, 1, 'samtykke.js fetched once');
  assert.equal(wasmRequests(requests).length, 0, 'the first-paint module decided: no full wasm');
  assert.ok(!requests.some((u) => path(u) === '/consent.json'), "load()'s config was not fetched");
  assert.equal(await page.locator('script[src="/samtykke/samtykke.js"]').count(), 1, 'no second tag injected');
  const warned = warnings(consoleMessages);
  assert.ok(!warned.includes(TWICE), 'the loader did not even start twice');
  assert.ok(warned.some((w) => w.includes('the config given to load() is not used')), `says the config is not used: ${warned}`);
});

e2e(env, 'load() waits for an async tag already on the page instead of injecting a second one', async (ctx) => {
  const { page, goto, requests, consoleMessages } = ctx;
  let release;
  const gate = new Promise((r) => (release = r));
  await page.route('**/samtykke/samtykke.js', async (route) => {
    await gate;
    await route.continue();
  });
  await goto('/esm/empty.html');
  await page.evaluate(() => {
    const tag = document.createElement('script');
    tag.src = '/samtykke/samtykke.js';
    tag.setAttribute('data-config', '/consent.json');
    document.body.append(tag);
    window.__loaded = import('/samtykke/samtykke.mjs').then((m) => m.load()).then((s) => s === window.samtykke);
  });
  assert.equal(await page.evaluate(() => typeof window.samtykke), 'undefined', 'held back');
  release();
  assert.equal(await page.evaluate(() => window.__loaded), true);
  await page.locator(SEL.bannerButton('accept-all')).waitFor({ state: 'visible' });
  await settle(page);
  assert.equal(loaderRequests(requests).length, 1, 'samtykke.js fetched once');
  assert.equal(await page.locator('script[src$="samtykke.js"]').count(), 1);
  assert.ok(!warnings(consoleMessages).includes(TWICE));
});

e2e(env, 'load({ config: object }) writes the inline config; importing alone does nothing', async ({ page, goto, requests }) => {
  await goto('/esm/empty.html');
  const before = await page.evaluate(async () => {
    await import('/samtykke/samtykke.mjs');
    await new Promise((r) => setTimeout(r, 100));
    return { api: typeof window.samtykke, tags: document.scripts.length };
  });
  assert.deepEqual(before, { api: 'undefined', tags: 1 }, 'import has no side effects');
  assert.deepEqual(loaderRequests(requests), []);
  await page.evaluate(async () => {
    const { load } = await import('/samtykke/samtykke.mjs');
    await load({
      config: {
        revision: '2024-06-17',
        policyUrl: '/privacy.html',
        controller: 'Nordlys Software ApS (object config)',
        categories: [{ id: 'necessary', required: true }, { id: 'analytics' }, { id: 'marketing' }],
      },
    });
  });
  await page.locator(SEL.bannerButton('accept-all')).waitFor({ state: 'visible' });
  assert.match(await page.locator(SEL.banner).innerText(), /Nordlys Software ApS \(object config\)/);
  assert.equal(await page.locator('script#samtykke-config[type="application/json"]').count(), 1);
  await page.locator(SEL.bannerButton('accept-all')).click();
  await page.waitForFunction(() => window.__analyticsRan === 1);
  assert.equal((await gatedState(page)).iframeSrc, '/video.html');
  assert.deepEqual(Object.keys((await storedRecord(page)).categories).sort(), ['analytics', 'marketing', 'necessary']);
});

e2e(env, 'load() rejects when samtykke.js cannot be loaded; nothing gated runs', async ({ page, goto, requests }) => {
  await goto('/esm/empty.html');
  const result = await page.evaluate(async () => {
    const { load } = await import('/samtykke/samtykke.mjs');
    const first = await load({ src: '/missing/samtykke.js', config: '/consent.json' }).then(
      () => 'resolved',
      (e) => String(e.message),
    );
    const again = await load().then(() => 'resolved', () => 'rejected');
    return { first, again, api: typeof window.samtykke };
  });
  assert.match(result.first, /^samtykke: could not load http:\/\/[^ ]+\/missing\/samtykke\.js; no optional script will run$/);
  assert.equal(result.again, 'rejected', 'later calls return the same (rejected) promise');
  assert.equal(result.api, 'undefined');
  assert.deepEqual(analyticsRequests(requests), []);
  assert.equal((await gatedState(page)).iframeSrc, null);
}, { allowConsoleErrors: true });

e2e(env, 'load() twice: the same options again say nothing, different options one warning', async ({ page, goto, consoleMessages }) => {
  await goto('/esm/empty.html');
  await page.evaluate(async () => {
    const { load } = await import('/samtykke/samtykke.mjs');
    const config = { revision: '2024-06-17', policyUrl: '/privacy.html' };
    // As StrictMode and two components do: equal options, not the same object.
    await Promise.all([load({ config: { ...config } }), load({ config: { ...config } }), load(), load({ config })]);
  });
  await ready(page);
  assert.deepEqual(warnings(consoleMessages), [], 'no warning for the same options');
  await page.evaluate(async () => {
    const { load } = await import('/samtykke/samtykke.mjs');
    await load({ config: '/consent.json' });
  });
  assert.deepEqual(warnings(consoleMessages), ['samtykke: load() was already called with other options; these are not used']);
});

e2e(env, 'load({ base }) finds the runtime files in that folder, with or without the last slash', async ({ page, goto, requests }) => {
  await goto('/esm/empty.html');
  await page.evaluate(async () => {
    const { load } = await import('/samtykke/samtykke.mjs');
    await load({ base: '/samtykke', config: '/consent.json' });
  });
  await page.locator(SEL.bannerButton('accept-all')).waitFor({ state: 'visible' });
  assert.equal(loaderRequests(requests).length, 1);
  // The full module comes from the same folder when it is needed.
  await page.evaluate(() => window.samtykke.showPreferences());
  await page.locator(SEL.dialog).waitFor({ state: 'visible' });
  assert.equal(wasmRequests(requests).length, 1);
});

e2e(env, 'a bundled module without base: load() rejects with the hint, and samtykke:error says it too', async ({ page, goto, requests }) => {
  // The module served from somewhere else, as a bundler would put it: no loader beside it.
  await page.route('**/bundle/app.js', (route) => route.fulfill({ path: join(DIST, 'samtykke.mjs'), contentType: 'text/javascript' }));
  await goto('/esm/empty.html');
  const result = await page.evaluate(async () => {
    let heard = null;
    addEventListener('samtykke:error', (e) => (heard = e.detail));
    const { load } = await import('/bundle/app.js');
    const message = await load({ config: '/consent.json' }).then(() => 'resolved', (e) => e.message);
    return { message, heard };
  });
  assert.match(result.message, /^samtykke: could not load http:\/\/[^ ]+\/bundle\/samtykke\.js; no optional script will run \(if this module was bundled, add the samtykke\/vite plugin or pass `base`/);
  assert.equal(`samtykke: ${result.heard}`, result.message);
  assert.deepEqual(analyticsRequests(requests), []);
}, { allowConsoleErrors: true });
