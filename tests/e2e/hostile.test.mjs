// Pages that fight back (issue 13): markup a site lets through, or a page's own scripts, must not
// change what samtykke reads, where it loads from, or what `ready` says. Every page here is built in
// this file and served by the routes hook under /hostile/.
import { SEL, analyticsRequests, assert, e2e, gatedState, ready, settle, storedRecord, useE2E } from './helpers.mjs';

const CONFIG = JSON.stringify({
  revision: '2024-06-17',
  policyUrl: '/privacy.html',
  controller: 'Nordlys Software ApS',
  categories: [{ id: 'necessary', required: true }, { id: 'analytics' }, { id: 'marketing' }],
});
/** What user content would like the config to be: analytics needs no choice. */
const EVIL = JSON.stringify({
  revision: '2024-06-17',
  policyUrl: '/privacy.html',
  controller: 'Mallory',
  categories: [{ id: 'necessary', required: true }, { id: 'analytics', required: true }],
});
const GATED = '<script type="text/plain" data-consent="analytics" data-src="/js/analytics.js"></script>\n' +
  '<script type="text/plain" data-consent="analytics">window.__inlineRan = true;</script>';
const inline = (json) => `<script type="application/json" id="samtykke-config">${json}</script>`;
const LOADER = '<script src="/samtykke/samtykke.js"></script>';

const PAGES = {
  'div-config': `<div class="comment" id="samtykke-config">${EVIL}</div>${GATED}${inline(CONFIG)}${LOADER}`,
  'two-configs': `${GATED}${inline(CONFIG)}${inline(EVIL)}${LOADER}`,
  'one-config': `${GATED}${inline(CONFIG)}${LOADER}`,
  'config-below': `${GATED}${inline(CONFIG)}${LOADER}${inline(EVIL)}`,
  'config-rewritten': `${GATED}${inline(CONFIG)}${LOADER}<script>document.querySelector('script[id="samtykke-config"]').textContent = ` +
    `${JSON.stringify(JSON.stringify({ ...JSON.parse(CONFIG), controller: 'Rewritten ApS' }))};</script>`,
  'named-access': `<h2 id="samtykke">Samtykke</h2><p>Om cookies.</p>${GATED}` +
    inline(JSON.stringify({ ...JSON.parse(CONFIG), googleConsentMode: true })) + LOADER,
  'current-script': `<img name="currentScript" alt="" src="/evil/pixel.svg" data-config="/evil/consent.json">${GATED}` +
    '<script src="/samtykke/samtykke.js" data-config="/consent.json"></script>',
  'svg-script': `${GATED}<svg><script href="/samtykke/samtykke.js" data-config="/evil/consent.json"></script></svg>`,
  'forged-ready': `${GATED}<script src="/samtykke/samtykke.js" data-config="/consent.json"></script>` +
    `<script>dispatchEvent(new CustomEvent('samtykke:ready', { detail: { forged: true, categories: { analytics: true } } }));</script>`,
  'page-css': `<style>html { font-size: 62.5% } body { letter-spacing: 10px; text-transform: uppercase }
    body * { all: unset }</style>${inline(CONFIG)}${LOADER}`,
  gadgets: `<iframe title="x" data-consent="marketing" data-src="javascript:parent.__pwned = 'iframe'"></iframe>
    <iframe title="y" data-consent="!analytics" data-src=" JAVA\tSCRIPT:parent.__pwned = 'negated'"></iframe>
    <script type="text/plain" data-consent="analytics" data-src="data:text/javascript,window.__pwned = 'script'"></script>
    <script type="text/plain" data-consent="analytics" data-type="importmap">{"imports": {}}</script>
    <script type="text/plain" data-consent="analytics" data-type="module">window.__moduleRan = true;</script>
    <iframe title="ok" data-consent="marketing" data-src="/video.html"></iframe>${inline(CONFIG)}${LOADER}`,
  'bad-data-config': `${GATED}<script src="/samtykke/samtykke.js" data-config="http://[::1"></script>`,
};

function routes(req, res) {
  const path = new URL(req.url, 'http://x').pathname;
  const m = /^\/hostile\/([a-z-]+)\.html$/.exec(path);
  let body = m && PAGES[m[1]];
  let type = 'text/html; charset=utf-8';
  if (body) {
    body = `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>${m[1]}</title></head><body><main>${body}</main></body></html>`;
  } else if (path === '/evil/consent.json') {
    [body, type] = [EVIL, 'application/json'];
  } else if (path === '/evil/pixel.svg') {
    [body, type] = ['<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>', 'image/svg+xml'];
  } else {
    return false;
  }
  res.writeHead(200, { 'Content-Type': type, 'Cache-Control': 'no-store' });
  res.end(body);
  return true;
}

const env = useE2E({ routes });

const samtykkeErrors = (messages) => messages.filter((m) => m.type === 'error' && m.text.startsWith('samtykke:')).map((m) => m.text);

async function assertNothingRan(page, requests) {
  await settle(page);
  const gated = await gatedState(page);
  assert.equal(gated.analyticsRan, undefined, 'analytics.js did not run');
  assert.equal(gated.inlineRan, undefined, 'the inline gated script did not run');
  assert.deepEqual(analyticsRequests(requests), [], 'analytics.js never requested');
  assert.equal(await storedRecord(page), null, 'nothing stored');
}

e2e(env, 'a <div id="samtykke-config"> in user content is ignored with a warning; the <script> config is used', async ({ page, goto, requests, consoleMessages }) => {
  await goto('/hostile/div-config.html');
  assert.equal(await ready(page), null, 'no choice yet');
  await page.locator(SEL.banner).waitFor();
  await assertNothingRan(page, requests);
  assert.equal(await page.evaluate(() => window.samtykke.isGranted('analytics')), false, 'analytics is not required');
  assert.ok(
    consoleMessages.some((m) => m.type === 'warning' && /ignoring a <div id="samtykke-config">/.test(m.text)),
    `a warning names the <div>; console: ${JSON.stringify(consoleMessages)}`,
  );
});

e2e(env, 'two <script id="samtykke-config"> elements are a config error: fail closed', async ({ page, goto, requests, consoleMessages }) => {
  await goto('/hostile/two-configs.html');
  assert.equal(await ready(page), null);
  await assertNothingRan(page, requests);
  assert.equal(await page.locator(SEL.banner).count(), 0, 'no banner');
  assert.ok(samtykkeErrors(consoleMessages).some((t) => /2 <script type="application\/json" id="samtykke-config"> elements/.test(t)),
    JSON.stringify(samtykkeErrors(consoleMessages)));
}, { allowConsoleErrors: true });

e2e(env, 'a second config below samtykke.js counts too: a return visit runs nothing and keeps the choice', async ({ page, goto, consoleMessages }) => {
  // The first-paint module reads the config above the loader before the page is parsed; it must
  // still see the one below, as the full module does, before it runs anything.
  await goto('/hostile/one-config.html');
  await page.locator(SEL.bannerButton('accept-all')).click();
  await page.waitForFunction(() => window.__analyticsRan !== undefined);
  const stored = await storedRecord(page);
  await goto('/hostile/config-below.html');
  assert.equal(await ready(page), null);
  await settle(page);
  const gated = await gatedState(page);
  assert.equal(gated.analyticsRan, undefined, 'analytics.js did not run');
  assert.equal(gated.inlineRan, undefined, 'the inline gated script did not run');
  assert.deepEqual(await storedRecord(page), stored, 'the choice is kept');
  assert.equal(await page.locator('#samtykke, #samtykke-reopen').count(), 0, 'nothing drawn');
  assert.ok(samtykkeErrors(consoleMessages).some((t) => /2 <script type="application\/json" id="samtykke-config"> elements/.test(t)),
    JSON.stringify(samtykkeErrors(consoleMessages)));
}, { allowConsoleErrors: true });

e2e(env, 'a config rewritten below samtykke.js: the text the parsed page holds is the one used', async ({ page, goto }) => {
  await goto('/hostile/config-rewritten.html');
  assert.equal(await ready(page), null);
  await page.locator(SEL.banner).waitFor({ state: 'visible' });
  const notice = await page.locator(SEL.banner).innerText();
  assert.match(notice, /Rewritten ApS/);
  assert.doesNotMatch(notice, /Nordlys/);
});

e2e(env, 'a page with <h2 id="samtykke"> gets the banner, the API and the Consent Mode default', async ({ page, goto }) => {
  await goto('/hostile/named-access.html');
  const api = await page.evaluate(() => {
    const own = Object.getOwnPropertyDescriptor(window, 'samtykke');
    return { own: !!own, isGranted: typeof own?.value?.isGranted, ready: own?.value?.ready instanceof Promise };
  });
  assert.deepEqual(api, { own: true, isGranted: 'function', ready: true }, 'window.samtykke is samtykke');
  const layer = await page.evaluate(() => (window.dataLayer || []).map((e) => `${e[0]} ${e[1]}`));
  assert.equal(layer[0], 'consent default', `the default comes first: ${JSON.stringify(layer)}`);
  await page.locator(SEL.bannerButton('accept-all')).click();
  await page.waitForFunction(() => window.__inlineRan === true);
  assert.equal(await page.evaluate(() => window.samtykke.isGranted('analytics')), true);
  assert.equal(await page.locator('h2#samtykke').textContent(), 'Samtykke', 'the heading is untouched');
});

e2e(env, 'an <img name="currentScript"> does not move the wasm, the language files or the config', async ({ page, goto, requests }) => {
  await goto('/hostile/current-script.html');
  await ready(page);
  await page.locator(SEL.banner).waitFor();
  await assertNothingRan(page, requests);
  const evil = requests.filter((u) => new URL(u).pathname.startsWith('/evil/') && !u.endsWith('/evil/pixel.svg'));
  assert.deepEqual(evil, [], 'nothing but the image itself from the img\'s addresses');
  assert.ok(requests.some((u) => new URL(u).pathname === '/consent.json'), 'the script\'s own data-config is read');
});

e2e(env, 'a currentScript that is no HTML <script> fails closed', async ({ page, goto, requests, consoleMessages }) => {
  await goto('/hostile/svg-script.html');
  await page.waitForFunction(() => Object.getOwnPropertyDescriptor(window, 'samtykke'));
  assert.equal(await ready(page), null);
  await assertNothingRan(page, requests);
  assert.deepEqual(requests.filter((u) => new URL(u).pathname.startsWith('/evil/')), [], 'its data-config is not read');
  assert.ok(samtykkeErrors(consoleMessages).some((t) => /currentScript is not a <script>/.test(t)), JSON.stringify(samtykkeErrors(consoleMessages)));
}, { allowConsoleErrors: true });

e2e(env, 'a forged samtykke:ready event does not settle samtykke.ready', async ({ page, goto }) => {
  await goto('/hostile/forged-ready.html');
  assert.equal(await ready(page), null, 'ready says what samtykke found: no choice');
  await page.locator(SEL.bannerButton('reject-all')).click();
  await page.reload();
  const record = await ready(page);
  assert.equal(record?.forged, undefined, 'not the forged detail');
  assert.deepEqual(record?.categories, { necessary: true, preferences: false, analytics: false, marketing: false }, 'the stored record');
});

e2e(env, 'a data-config that is not a URL fails closed with a message and settles ready', async ({ page, goto, requests, consoleMessages }) => {
  await goto('/hostile/bad-data-config.html');
  assert.equal(await ready(page), null);
  await assertNothingRan(page, requests);
  assert.ok(samtykkeErrors(consoleMessages).some((t) => /data-config="http:\/\/\[::1" is not a URL/.test(t)), JSON.stringify(samtykkeErrors(consoleMessages)));
}, { allowConsoleErrors: true });

e2e(env, 'the page\'s root font size and a reset of every element do not reach the banner', async ({ page, goto }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await goto('/hostile/page-css.html');
  await ready(page);
  await page.locator(SEL.banner).waitFor();
  const measured = await page.evaluate(() => {
    const root = document.getElementById('samtykke').shadowRoot;
    const title = getComputedStyle(root.querySelector('.title'));
    return {
      rootFontSize: getComputedStyle(document.documentElement).fontSize,
      titleFontSize: title.fontSize,
      titleLetterSpacing: title.letterSpacing,
      titleTransform: title.textTransform,
      bannerWidth: Math.round(root.querySelector('.banner').getBoundingClientRect().width),
    };
  });
  assert.deepEqual(measured, {
    rootFontSize: '10px', // the page's own setting did apply to the page
    titleFontSize: '20px',
    titleLetterSpacing: 'normal',
    titleTransform: 'none',
    bannerWidth: 576,
  });
});

e2e(env, 'data-src and data-type go live only as http(s) or relative URLs and JavaScript types', async ({ page, goto, consoleMessages }) => {
  await goto('/hostile/gadgets.html');
  await ready(page);
  await page.locator(SEL.bannerButton('accept-all')).click();
  await page.waitForFunction(() => window.__moduleRan === true);
  await page.waitForFunction(() => document.querySelector('iframe[title="ok"]').getAttribute('src') === '/video.html');
  await settle(page);
  const state = await page.evaluate(() => ({
    pwned: window.__pwned,
    iframe: document.querySelector('iframe[title="x"]').getAttribute('src'),
    negated: document.querySelector('iframe[title="y"]').getAttribute('src'),
    importmap: document.querySelectorAll('script[type="importmap"]').length,
  }));
  assert.deepEqual(state, { pwned: undefined, iframe: null, negated: null, importmap: 0 });
  const errors = samtykkeErrors(consoleMessages);
  for (const part of ['<iframe data-consent="marketing" data-src="javascript:', '<iframe data-consent="!analytics"',
    '<script data-consent="analytics" data-src="data:', '<script data-consent="analytics" data-type="importmap"']) {
    assert.ok(errors.some((t) => t.includes(part) && t.includes('stays inert')), `an error names ${part}: ${JSON.stringify(errors)}`);
  }
}, { allowConsoleErrors: true });
