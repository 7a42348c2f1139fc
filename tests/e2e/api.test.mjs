// The window.samtykke JavaScript API and its events.
import {
  SEL,
  assert,
  assertRecord,
  e2e,
  events,
  ready,
  serveConfig,
  settle,
  storedRecord,
  useE2E,
  waitForCookies,
} from './helpers.mjs';

const env = useE2E();

/** Holds back /consent.json until release() is called, so the page can act "before ready". */
async function holdConfig(page) {
  let release;
  const gate = new Promise((r) => (release = r));
  await page.route('**/consent.json', async (route) => {
    await gate;
    await route.continue();
  });
  return () => release();
}

/** Resolves to 'settled' or 'pending' after a short while. */
const pendingAfter = (page, expr) =>
  page.evaluate(
    (expr) =>
      Promise.race([
        window.__promises[expr].then(() => 'settled'),
        new Promise((r) => setTimeout(() => r('pending'), 200)),
      ]),
    expr,
  );

e2e(env, 'JS API: isGranted, whenGranted, getConsent, setConsent and events', async ({ page, context, goto }) => {
  const release = await holdConfig(page);
  await page.goto(new URL('/', env.url).href, { waitUntil: 'domcontentloaded' });

  // Before ready: the API object exists and says "not granted".
  const early = await page.evaluate(() => ({
    type: typeof window.samtykke,
    ready: window.samtykke.ready instanceof Promise,
    analytics: window.samtykke.isGranted('analytics'),
    necessary: window.samtykke.isGranted('necessary'),
  }));
  assert.deepEqual(early, { type: 'object', ready: true, analytics: false, necessary: false });
  await page.evaluate(() => {
    window.__promises = { analytics: window.samtykke.whenGranted('analytics') };
  });
  assert.equal(await pendingAfter(page, 'analytics'), 'pending');

  release();
  assert.equal(await ready(page), null, 'ready resolves with null on a first visit');
  const readyEvents = (await events(page)).filter((e) => e.type === 'samtykke:ready');
  assert.deepEqual(readyEvents, [{ type: 'samtykke:ready', detail: null }], 'samtykke:ready with detail null');
  assert.equal(await page.evaluate(() => window.samtykke.getConsent()), null);
  assert.equal(await page.evaluate(() => window.samtykke.isGranted('necessary')), true, 'required is granted once ready');
  assert.equal(await page.evaluate(() => window.samtykke.isGranted('analytics')), false);
  assert.equal(await pendingAfter(page, 'analytics'), 'pending', 'whenGranted waits for a choice');

  // acceptAll() resolves whenGranted.
  const since = Date.now();
  await page.evaluate(() => window.samtykke.acceptAll());
  assert.equal(await pendingAfter(page, 'analytics'), 'settled', 'whenGranted resolved after acceptAll()');
  await page.waitForFunction(() => window.samtykke.isGranted('analytics') && window.samtykke.isGranted('marketing'));
  await page.locator(SEL.banner).waitFor({ state: 'hidden' });
  await page.waitForFunction(() => window.__analyticsRan === 1);
  const record = await storedRecord(page);
  assertRecord(record, {
    method: 'accept-all',
    categories: { necessary: true, preferences: true, analytics: true, marketing: true },
    since,
  });
  assert.deepEqual(await page.evaluate(() => window.samtykke.getConsent()), record, 'getConsent() is the stored record');
  let changes = (await events(page)).filter((e) => e.type === 'samtykke:change');
  assert.equal(changes.length, 1);
  assert.deepEqual(changes[0].detail, record, 'samtykke:change detail is the record');
  // whenGranted for something already granted resolves at once.
  assert.equal(
    await page.evaluate(() =>
      Promise.race([window.samtykke.whenGranted('marketing').then(() => 'settled'), new Promise((r) => setTimeout(() => r('pending'), 200))]),
    ),
    'settled',
  );
  await waitForCookies(context, (n) => n.includes('_ga'), 'analytics.js set _ga');

  // rejectAll(): everything optional off, analytics cookies deleted.
  await page.evaluate(() => window.samtykke.rejectAll());
  await page.waitForFunction(() => !window.samtykke.isGranted('analytics'));
  assert.equal((await storedRecord(page)).method, 'reject-all');
  await waitForCookies(context, (n) => !n.includes('_ga') && !n.includes('_ga_DEMO'), 'rejectAll deleted _ga*');

  // setConsent({analytics: true}) grants just that.
  await page.evaluate(() => {
    window.__promises.analytics2 = window.samtykke.whenGranted('analytics');
  });
  await page.evaluate(() => window.samtykke.setConsent({ analytics: true }));
  assert.equal(await pendingAfter(page, 'analytics2'), 'settled');
  const granted = await page.evaluate(() =>
    Object.fromEntries(['necessary', 'preferences', 'analytics', 'marketing', 'nonsense'].map((id) => [id, window.samtykke.isGranted(id)])),
  );
  assert.deepEqual(granted, { necessary: true, preferences: false, analytics: true, marketing: false, nonsense: false });
  const custom = await storedRecord(page);
  assert.equal(custom.method, 'custom');
  assert.deepEqual(custom.categories, { necessary: true, preferences: false, analytics: true, marketing: false });
  assert.equal(custom.id, record.id, 'the visitor id is kept across changes');
  assert.equal(custom.given, record.given, 'given is the first choice');
  assert.deepEqual(await page.evaluate(() => window.samtykke.getConsent()), custom);
  changes = (await events(page)).filter((e) => e.type === 'samtykke:change');
  assert.equal(changes.length, 3, 'one change event per call');
  assert.deepEqual(changes.at(-1).detail, custom);

  // showPreferences() opens the dialog with the stored choice.
  await page.evaluate(() => window.samtykke.showPreferences());
  await page.locator(SEL.dialog).waitFor({ state: 'visible' });
  assert.equal(await page.locator(SEL.checkbox('analytics')).isChecked(), true);
  assert.equal(await page.locator(SEL.checkbox('marketing')).isChecked(), false);
  await page.keyboard.press('Escape');
  await page.locator(SEL.dialog).waitFor({ state: 'hidden' });

  // withdraw(): record gone, banner back, change event with null.
  await page.evaluate(() => window.samtykke.withdraw());
  await page.locator(SEL.bannerButton('accept-all')).waitFor({ state: 'visible' });
  assert.equal(await storedRecord(page), null);
  assert.equal(await page.evaluate(() => window.samtykke.getConsent()), null);
  assert.equal(await page.evaluate(() => window.samtykke.isGranted('analytics')), false);
  changes = (await events(page)).filter((e) => e.type === 'samtykke:change');
  assert.equal(changes.at(-1).detail, null);
  await waitForCookies(context, (n) => !n.includes('_ga'), 'withdraw deleted _ga');
});

e2e(env, 'calls made before ready are applied once ready', async ({ page, goto }) => {
  const release = await holdConfig(page);
  await page.goto(new URL('/', env.url).href, { waitUntil: 'domcontentloaded' });
  await page.evaluate(() => {
    window.samtykke.setConsent({ analytics: true });
  });
  assert.equal(await page.evaluate(() => window.__analyticsRan), undefined, 'nothing ran before ready');
  release();
  await ready(page);
  await page.waitForFunction(() => window.samtykke.isGranted('analytics') === true);
  await page.waitForFunction(() => window.__analyticsRan === 1);
  const record = await storedRecord(page);
  assert.equal(record.method, 'custom');
  assert.deepEqual(record.categories, { necessary: true, preferences: false, analytics: true, marketing: false });
  assert.equal(await page.evaluate(() => document.querySelector('iframe[title="Demo video"]').getAttribute('src')), null);
});

e2e(env, 'elements added later are gated too', async ({ page, goto }) => {
  await goto('/');
  await ready(page);
  const add = (n) =>
    page.evaluate((n) => {
      const f = document.createElement('iframe');
      f.setAttribute('data-consent', 'marketing');
      f.setAttribute('data-src', '/video.html');
      f.title = `late ${n}`;
      document.querySelector('main').append(f);
      const s = document.createElement('script');
      s.type = 'text/plain';
      s.setAttribute('data-consent', 'analytics');
      s.textContent = `window.__late = (window.__late || []).concat(${n});`;
      document.body.append(s);
    }, n);
  await add(1);
  await settle(page);
  assert.equal(await page.locator('iframe[title="late 1"]').getAttribute('src'), null, 'not before consent');
  assert.equal(await page.evaluate(() => window.__late), undefined);
  await page.locator(SEL.bannerButton('accept-all')).click();
  await page.waitForFunction(() => document.querySelector('iframe[title="late 1"]').getAttribute('src') === '/video.html');
  await page.waitForFunction(() => JSON.stringify(window.__late) === '[1]');
  await add(2);
  await page.waitForFunction(() => document.querySelector('iframe[title="late 2"]').getAttribute('src') === '/video.html');
  await page.waitForFunction(() => JSON.stringify(window.__late) === '[1,2]');
});

e2e(env, 'inline config', async ({ page, goto }) => {
  await goto('/test/inline.html');
  await ready(page);
  await page.locator(SEL.banner).waitFor({ state: 'visible' });
  assert.match(await page.locator(SEL.banner).innerText(), /Nordlys Software ApS \(inline config\)/);
  await page.locator(SEL.bannerButton('accept-all')).click();
  await page.waitForFunction(() => window.__analyticsRan === 1);
  assert.deepEqual((await storedRecord(page)).categories, { necessary: true, analytics: true, marketing: true });
});

e2e(env, 'onChange calls back with each change until unsubscribed', async ({ page, goto }) => {
  await goto('/');
  await ready(page);
  await page.evaluate(() => {
    window.__seen = [];
    window.__stop = window.samtykke.onChange((record) => window.__seen.push(record ? record.method : null));
  });
  await page.evaluate(() => window.samtykke.acceptAll());
  await page.evaluate(() => window.samtykke.rejectAll());
  await page.evaluate(() => window.__stop());
  await page.evaluate(() => window.samtykke.withdraw());
  assert.deepEqual(await page.evaluate(() => window.__seen), ['accept-all', 'reject-all'], 'nothing after unsubscribing');
});

e2e(env, 'audit() flags a tracker cookie under a required category', async ({ page, goto }) => {
  await serveConfig(page, {
        revision: '2024-06-17',
        policyUrl: '/privacy.html',
        categories: [{ id: 'necessary', cookies: ['session', '_ga'] }, { id: 'analytics' }],
      });
  await goto('/');
  await ready(page);
  const findings = await page.evaluate(() => window.samtykke.audit());
  assert.equal(findings.length, 1, JSON.stringify(findings));
  assert.match(findings[0], /categories\[0\]\.cookies\[1\].*`_ga`.*`necessary`/);
});

e2e(env, 'audit() is empty for the demo config', async ({ page, goto }) => {
  await goto('/');
  await ready(page);
  assert.deepEqual(await page.evaluate(() => window.samtykke.audit()), []);
});
