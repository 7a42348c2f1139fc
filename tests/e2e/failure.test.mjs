// Failing closed: broken config, missing wasm, throwing storage, loader included twice.
// Faults are injected with the server's routes hook (one fault at a time; tests run in order).
import {
  SEL,
  analyticsRequests,
  assert,
  cookieNames,
  e2e,
  events,
  gatedState,
  ready,
  settle,
  storedRecord,
  useE2E,
} from './helpers.mjs';

/** @type {null | ((req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => boolean)} */
let fault = null;
const env = useE2E({ routes: (req, res) => (fault ? fault(req, res) : false) });

function inject(path, status, body, type = 'application/json') {
  fault = (req, res) => {
    if (new URL(req.url, 'http://x').pathname !== path) return false;
    res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store' });
    res.end(body);
    return true;
  };
}

/** Everything a failed start must (not) have done. */
async function assertFailedClosed({ page, context, requests, consoleMessages }, mention) {
  assert.equal(await ready(page), null, 'samtykke.ready resolves with null');
  await settle(page);
  assert.equal(await page.locator(SEL.banner).isVisible(), false, 'no banner');
  assert.equal(await page.locator(SEL.reopen).isVisible(), false, 'no reopen button');
  const gated = await gatedState(page);
  assert.equal(gated.analyticsRan, undefined, 'analytics.js did not run');
  assert.equal(gated.inlineRan, undefined, 'inline gated script did not run');
  assert.equal(gated.iframeSrc, null, 'iframe has no src');
  assert.deepEqual(analyticsRequests(requests), [], 'analytics.js never requested');
  assert.equal(await storedRecord(page), null, 'nothing stored');
  assert.deepEqual(await cookieNames(context), [], 'no cookies');
  assert.equal(await page.evaluate(() => window.samtykke.isGranted('analytics')), false);
  assert.equal(await page.evaluate(() => window.samtykke.getConsent()), null);
  const errors = consoleMessages.filter((m) => m.type === 'error' && m.text.startsWith('samtykke:'));
  assert.ok(errors.length >= 1, `a console.error starting with "samtykke:"; console: ${JSON.stringify(consoleMessages)}`);
  assert.ok(
    errors.some((m) => mention.test(m.text)),
    `a samtykke error mentions ${mention}; got ${JSON.stringify(errors.map((m) => m.text))}`,
  );
  const readyEvents = (await events(page)).filter((e) => e.type === 'samtykke:ready');
  assert.deepEqual(readyEvents, [{ type: 'samtykke:ready', detail: null }], 'samtykke:ready with null');
  // An app can tell this from "no choice yet": `failed` is the reason, and one event carried it.
  const failed = await page.evaluate(() => window.samtykke.failed);
  assert.equal(typeof failed, 'string', `samtykke.failed is the reason, not ${failed}`);
  assert.match(failed, mention);
  assert.ok(errors.some((m) => m.text.includes(failed)), 'the console error gives the same reason');
  const errorEvents = (await events(page)).filter((e) => e.type !== 'samtykke:change');
  assert.deepEqual(errorEvents.map((e) => e.type).sort(), ['samtykke:error', 'samtykke:ready']);
  assert.equal(errorEvents.find((e) => e.type === 'samtykke:error').detail, failed, 'samtykke:error carries the reason');
  // API calls after a failure do not grant anything either.
  await page.evaluate(() => window.samtykke.acceptAll());
  await settle(page);
  assert.equal(await page.evaluate(() => window.samtykke.isGranted('analytics')), false, 'acceptAll() after failure grants nothing');
  assert.equal((await gatedState(page)).analyticsRan, undefined, 'still nothing ran');
  assert.equal(await storedRecord(page), null, 'still nothing stored');
}

e2e(
  env,
  'broken config fails closed',
  async (ctx) => {
    fault = null;
    await ctx.goto('/test/broken.html');
    await assertFailedClosed(ctx, /config/i);
  },
  { allowConsoleErrors: true },
);

e2e(
  env,
  'invalid config value: the error names the key',
  async (ctx) => {
    inject('/consent.json', 200, JSON.stringify({ revision: '2024-06-17', policyUrl: '/privacy.html', expiresDays: 400 }));
    try {
      await ctx.goto('/');
      await assertFailedClosed(ctx, /config key `expiresDays`/);
    } finally {
      fault = null;
    }
  },
  { allowConsoleErrors: true },
);

e2e(
  env,
  'unsafe policyUrl is a config error',
  async (ctx) => {
    inject('/consent.json', 200, JSON.stringify({ revision: '1', policyUrl: 'javascript:alert(1)' }));
    try {
      await ctx.goto('/');
      await assertFailedClosed(ctx, /policyUrl/);
    } finally {
      fault = null;
    }
  },
  { allowConsoleErrors: true },
);

e2e(
  env,
  'config 404 fails closed',
  async (ctx) => {
    inject('/consent.json', 404, 'Not found\n', 'text/plain');
    try {
      await ctx.goto('/');
      await assertFailedClosed(ctx, /config/i);
    } finally {
      fault = null;
    }
  },
  { allowConsoleErrors: true },
);

e2e(
  env,
  'missing wasm fails closed',
  async (ctx) => {
    inject('/samtykke/samtykke_bg.wasm', 404, 'Not found\n', 'text/plain');
    try {
      await ctx.goto('/');
      await assertFailedClosed(ctx, /wasm|WebAssembly/i);
    } finally {
      fault = null;
    }
  },
  { allowConsoleErrors: true },
);

e2e(
  env,
  'HTML where the wasm should be (an SPA fallback): the message says so',
  async (ctx) => {
    inject('/samtykke/samtykke_bg.wasm', 200, '<!doctype html><title>App</title><div id="root"></div>', 'text/html; charset=utf-8');
    try {
      await ctx.goto('/');
      await assertFailedClosed(ctx, /the server answered HTML \(an SPA fallback\?\) for http:\/\/[^ ]+\/samtykke\/samtykke_bg\.wasm/);
    } finally {
      fault = null;
    }
  },
  { allowConsoleErrors: true },
);

e2e(env, 'no failure: samtykke.failed stays null and no samtykke:error comes', async ({ page, goto }) => {
  await goto('/');
  await ready(page);
  await settle(page);
  assert.equal(await page.evaluate(() => window.samtykke.failed), null);
  assert.deepEqual((await events(page)).filter((e) => e.type === 'samtykke:error'), []);
});

e2e(env, 'storage that throws: works for the page, one warning', async ({ page, goto, consoleMessages }) => {
  await page.addInitScript(() => {
    Object.defineProperty(window, 'localStorage', {
      configurable: true,
      get() {
        throw new DOMException('The operation is insecure.', 'SecurityError');
      },
    });
  });
  await goto('/');
  assert.equal(await ready(page), null);
  await page.locator(SEL.bannerButton('accept-all')).click();
  await page.locator(SEL.banner).waitFor({ state: 'hidden' });
  await page.waitForFunction(() => window.__analyticsRan === 1);
  const record = await page.evaluate(() => window.samtykke.getConsent());
  assert.equal(record?.method, 'accept-all', 'the choice is kept in memory');
  const warnings = consoleMessages.filter((m) => m.type === 'warning');
  assert.equal(warnings.length, 1, `one console.warn; got ${JSON.stringify(warnings)}`);
  assert.match(warnings[0].text, /^samtykke:/);
});

e2e(env, 'loader included twice runs once', async ({ page, goto, consoleMessages, requests }) => {
  await goto('/test/twice.html');
  await ready(page);
  await page.locator(SEL.banner).waitFor({ state: 'visible' });
  await settle(page);
  assert.equal(await page.locator('#samtykke').count(), 1, 'one #samtykke element');
  const wasm = requests.filter((u) => new URL(u).pathname === '/samtykke/samtykke_bg.wasm');
  assert.equal(wasm.length, 1, 'the wasm is fetched once');
  const warnings = consoleMessages.filter((m) => m.type === 'warning' && m.text.startsWith('samtykke:'));
  assert.equal(warnings.length, 1, `one samtykke console.warn; got ${JSON.stringify(consoleMessages)}`);
  await page.locator(SEL.bannerButton('accept-all')).click();
  await page.waitForFunction(() => window.__analyticsRan === 1);
  await settle(page);
  assert.equal(await page.evaluate(() => window.__analyticsRan), 1, 'gated script ran once, not once per copy');
  const changes = (await events(page)).filter((e) => e.type === 'samtykke:change');
  assert.equal(changes.length, 1, 'one change event');
});
