// Below the browser floor (README, "Browser support"): Chromium with the features an older engine
// lacks switched off by an init script, and what the visitor then gets.
//   - no WebAssembly, or an engine that rejects the module's instructions (bulk memory, sign
//     extension, saturating float-to-int): fails closed, no banner, no optional script;
//   - no constructed stylesheets (Firefox before 101, Safari before 16.4): the banner works,
//     styled by a <style> in its shadow root; gated iframes stay empty, without a placeholder.
import { SEL, analyticsRequests, assert, e2e, events, gatedState, ready, settle, storedRecord, useE2E } from './helpers.mjs';

// The strict policy of README's Content Security Policy section, on the CSP fixture.
const STRICT = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'";
const env = useE2E({
  headers: (path) => (path === '/test/csp/index.html' ? { 'Content-Security-Policy': STRICT } : undefined),
});

/** What an engine without WebAssembly has. */
function noWebAssembly() {
  delete window.WebAssembly;
}

/** An engine older than the module's instructions: it has WebAssembly but cannot compile them. */
function oldWasmEngine() {
  const refuse = () =>
    Promise.reject(new WebAssembly.CompileError('Compiling function #1 failed: invalid numeric opcode: 0xfc0a'));
  for (const name of ['compile', 'compileStreaming', 'instantiate', 'instantiateStreaming']) {
    WebAssembly[name] = refuse;
  }
  WebAssembly.Module = function Module() {
    throw new WebAssembly.CompileError('Compiling function #1 failed: invalid numeric opcode: 0xfc0a');
  };
}

/** Firefox before 101 and Safari before 16.4: CSSStyleSheet cannot be constructed, nothing adopts. */
function noConstructedStylesheets() {
  const original = window.CSSStyleSheet;
  const illegal = function CSSStyleSheet() {
    throw new TypeError('Illegal constructor');
  };
  illegal.prototype = original.prototype;
  window.CSSStyleSheet = illegal;
  delete Document.prototype.adoptedStyleSheets;
  delete ShadowRoot.prototype.adoptedStyleSheets;
}

/** Fail closed: ready is null, nothing is drawn, run, stored or granted, and the error is named. */
async function assertFailsClosed({ page, requests, consoleMessages }, problem) {
  assert.equal(await ready(page), null, 'samtykke.ready resolves with null');
  await settle(page);
  assert.deepEqual(
    await gatedState(page),
    { analyticsRan: undefined, inlineRan: undefined, noAnalytics: undefined, iframeSrc: null },
    'no gated script ran, the iframe has no src',
  );
  assert.deepEqual(analyticsRequests(requests), [], 'analytics.js was never requested');
  assert.equal(await page.locator(SEL.banner).count(), 0, 'no banner');
  assert.equal(await page.locator(SEL.reopen).count(), 0, 'no reopen control');
  assert.equal(await storedRecord(page), null, 'nothing stored');
  assert.equal(await page.evaluate(() => document.cookie), '', 'no cookies');
  await page.evaluate(() => window.samtykke.acceptAll());
  assert.equal(await page.evaluate(() => window.samtykke.isGranted('analytics')), false, 'acceptAll() grants nothing');
  assert.deepEqual(
    (await events(page)).filter((e) => e.type === 'samtykke:ready'),
    [{ type: 'samtykke:ready', detail: null }],
  );
  const errors = consoleMessages.filter((m) => m.type === 'error').map((m) => m.text);
  assert.equal(errors.length, 1, `one console error: ${JSON.stringify(errors)}`);
  assert.match(errors[0], /^samtykke: could not load \S+\/samtykke_bg\.wasm/, 'it names the wasm');
  assert.match(errors[0], problem, 'and the problem');
  assert.match(errors[0], /Failing closed: no optional script will run/);
}

e2e(
  env,
  'floor: a browser without WebAssembly fails closed (no banner, nothing gated, a console error)',
  async (ctx) => {
    await ctx.page.addInitScript(noWebAssembly);
    await ctx.goto('/');
    await assertFailsClosed(ctx, /WebAssembly/);
  },
  { allowConsoleErrors: true },
);

e2e(
  env,
  'floor: an engine that cannot compile the module\'s instructions fails closed',
  async (ctx) => {
    await ctx.page.addInitScript(oldWasmEngine);
    await ctx.goto('/');
    await assertFailsClosed(ctx, /invalid numeric opcode/);
  },
  { allowConsoleErrors: true },
);

e2e(env, 'floor: without constructed stylesheets the banner still works, styled by a <style>', async ({ page, goto }) => {
  await page.addInitScript(noConstructedStylesheets);
  await goto('/');
  assert.equal(await ready(page), null);
  await page.locator(SEL.bannerButton('accept-all')).waitFor({ state: 'visible' });
  await settle(page);
  assert.equal((await gatedState(page)).analyticsRan, undefined, 'nothing gated before a choice');
  const styled = await page.evaluate(() => {
    const root = document.getElementById('samtykke').shadowRoot;
    return {
      adopted: 'adoptedStyleSheets' in root,
      styles: root.querySelectorAll('style').length,
      position: getComputedStyle(root.querySelector('.banner')).position,
    };
  });
  assert.deepEqual(styled, { adopted: false, styles: 1, position: 'fixed' }, 'the fallback <style> styles the banner');
  await page.locator(SEL.bannerButton('accept-all')).click();
  await page.locator(SEL.banner).waitFor({ state: 'hidden' });
  await page.waitForFunction(() => window.__analyticsRan === 1);
  assert.equal((await storedRecord(page))?.method, 'accept-all');
});

e2e(env, 'floor: without constructed stylesheets a gated iframe stays empty, with no placeholder, until consent', async ({ page, goto }) => {
  await page.addInitScript(noConstructedStylesheets);
  await goto('/test/embeds.html');
  assert.equal(await ready(page), null);
  await settle(page);
  assert.equal(await page.locator('samtykke-embed').count(), 0, 'no placeholder');
  assert.equal(await page.locator('#local').getAttribute('src'), null, 'the iframe stays empty');
  await page.locator(SEL.bannerButton('accept-all')).click();
  await page.waitForFunction(() => document.getElementById('local').getAttribute('src') === '/video.html');
});

e2e(
  env,
  'floor: without constructed stylesheets under a strict policy the banner is unstyled but still works',
  async ({ page, goto, consoleMessages }) => {
    await page.addInitScript(noConstructedStylesheets);
    await goto('/test/csp/index.html');
    assert.equal(await ready(page), null);
    await page.locator(SEL.bannerButton('accept-all')).waitFor({ state: 'visible' });
    const position = await page.evaluate(
      () => getComputedStyle(document.getElementById('samtykke').shadowRoot.querySelector('.banner')).position,
    );
    assert.equal(position, 'static', 'the policy blocked the fallback <style>');
    assert.ok(
      consoleMessages.some((m) => m.type === 'error' && /Content Security Policy/.test(m.text)),
      'the browser reports the blocked <style>',
    );
    await settle(page);
    assert.equal((await gatedState(page)).analyticsRan, undefined, 'nothing gated before a choice');
    await page.locator(SEL.bannerButton('accept-all')).click();
    await page.waitForFunction(() => window.__analyticsRan === 1);
    assert.equal((await storedRecord(page))?.method, 'accept-all');
  },
  { allowConsoleErrors: true },
);
