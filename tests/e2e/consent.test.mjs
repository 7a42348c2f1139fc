// The main consent flows on the demo site: first visit, accept, reject, custom, reload, revision
// change, withdraw.
import {
  CATEGORIES,
  SEL,
  analyticsRequests,
  assert,
  assertRecord,
  cookieNames,
  e2e,
  events,
  gatedState,
  ready,
  settle,
  storedRecord,
  useE2E,
  waitForCookies,
} from './helpers.mjs';

const env = useE2E();
const all = (value) => Object.fromEntries(CATEGORIES.map((id) => [id, id === 'necessary' ? true : value]));

e2e(env, 'first visit: banner shown, nothing gated runs', async ({ page, context, goto, requests }) => {
  await goto('/');
  await page.locator(SEL.bannerButton('accept-all')).waitFor({ state: 'visible' });
  await page.locator(SEL.bannerButton('reject-all')).waitFor({ state: 'visible' });
  assert.equal(await ready(page), null, 'ready resolves with null when nothing is stored');
  // The negated script runs once samtykke knows analytics is not granted.
  await page.waitForFunction(() => window.__noAnalytics === true);
  await settle(page);
  const gated = await gatedState(page);
  assert.equal(gated.analyticsRan, undefined, 'analytics.js did not run');
  assert.equal(gated.inlineRan, undefined, 'inline gated script did not run');
  assert.equal(gated.iframeSrc, null, 'marketing iframe has no src');
  assert.deepEqual(analyticsRequests(requests), [], 'analytics.js was never requested');
  assert.ok(!requests.some((u) => new URL(u).pathname === '/video.html'), 'video.html was never requested');
  assert.deepEqual(await cookieNames(context), [], 'no cookies');
  assert.equal(await storedRecord(page), null, 'nothing stored');
  assert.equal(await page.locator(SEL.reopen).isVisible(), false, 'no reopen button before a choice');
  // The banner tells the visitor about the controller, the policy and Do Not Track.
  const text = await page.locator(SEL.banner).innerText();
  assert.match(text, /Nordlys Software ApS/);
  assert.match(text, /Do Not Track/);
  assert.equal(await page.locator(`${SEL.banner} a[href="/privacy.html"]`).count(), 1, 'link to the policy');
  assert.equal(await page.locator(SEL.banner).getAttribute('role'), 'region');
  assert.ok(await page.locator(SEL.banner).getAttribute('aria-label'), 'banner has an aria-label');
  assert.equal(await page.locator('[style]').count(), 0, 'no inline style attributes (incl. shadow root)');
});

e2e(env, 'accept all: everything gated runs once and the record is stored', async ({ page, goto, requests }) => {
  const since = Date.now();
  await goto('/');
  await ready(page);
  await page.locator(SEL.bannerButton('accept-all')).click();
  await page.locator(SEL.banner).waitFor({ state: 'hidden' });
  await page.locator(SEL.reopen).waitFor({ state: 'visible' });
  await page.waitForFunction(() => window.__analyticsRan === 1 && window.__inlineRan === true);
  await page.waitForFunction(
    () => document.querySelector('iframe[title="Demo video"]').getAttribute('src') === '/video.html',
  );
  await settle(page);
  const gated = await gatedState(page);
  assert.equal(gated.analyticsRan, 1, 'analytics.js ran exactly once');
  assert.equal(analyticsRequests(requests).length, 1, 'analytics.js requested once');
  assert.ok(requests.some((u) => new URL(u).pathname === '/video.html'), 'the iframe loaded');

  const record = await storedRecord(page);
  assertRecord(record, { method: 'accept-all', categories: all(true), since, language: 'en' });

  const changes = (await events(page)).filter((e) => e.type === 'samtykke:change');
  assert.equal(changes.length, 1, 'one samtykke:change event');
  assert.deepEqual(changes[0].detail, record, 'samtykke:change carries the stored record');
  assert.deepEqual(await page.evaluate(() => window.samtykke.getConsent()), record, 'getConsent() is the record');
});

e2e(env, 'reject all: nothing gated runs, also after reload', async ({ page, context, goto, requests }) => {
  const since = Date.now();
  await goto('/');
  await ready(page);
  await page.locator(SEL.bannerButton('reject-all')).click();
  await page.locator(SEL.banner).waitFor({ state: 'hidden' });
  await page.locator(SEL.reopen).waitFor({ state: 'visible' });
  await settle(page);
  let gated = await gatedState(page);
  assert.equal(gated.analyticsRan, undefined, 'analytics.js did not run');
  assert.equal(gated.inlineRan, undefined, 'inline gated script did not run');
  assert.equal(gated.iframeSrc, null, 'iframe has no src');
  assert.equal(gated.noAnalytics, true, '!analytics script ran');
  const record = await storedRecord(page);
  assertRecord(record, { method: 'reject-all', categories: all(false), since, language: 'en' });
  assert.equal(record.categories.analytics, false);

  await page.reload();
  await ready(page);
  await page.locator(SEL.reopen).waitFor({ state: 'visible' });
  await page.waitForFunction(() => window.__noAnalytics === true);
  await settle(page);
  assert.equal(await page.locator(SEL.banner).isVisible(), false, 'no banner after reload');
  gated = await gatedState(page);
  assert.equal(gated.analyticsRan, undefined, 'analytics.js did not run after reload');
  assert.equal(gated.inlineRan, undefined);
  assert.equal(gated.iframeSrc, null);
  assert.deepEqual(analyticsRequests(requests), [], 'analytics.js never requested');
  assert.deepEqual(await storedRecord(page), record, 'the record is unchanged by the reload');
  assert.deepEqual(await cookieNames(context), []);
});

e2e(env, 'custom choice: only analytics', async ({ page, goto, requests }) => {
  const since = Date.now();
  await goto('/');
  await ready(page);
  await page.locator(SEL.bannerButton('preferences')).click();
  const dialog = page.locator(SEL.dialog);
  await dialog.waitFor({ state: 'visible' });
  assert.equal(await dialog.getAttribute('aria-modal'), 'true');
  for (const id of CATEGORIES) {
    const box = page.locator(SEL.checkbox(id));
    assert.equal(await box.count(), 1, `one checkbox for ${id}`);
    if (id === 'necessary') {
      assert.equal(await box.isChecked(), true, 'necessary is checked');
      assert.equal(await box.isDisabled(), true, 'necessary is disabled');
    } else {
      assert.equal(await box.isChecked(), false, `${id} starts unchecked`);
      assert.equal(await box.isEnabled(), true, `${id} can be changed`);
    }
  }
  assert.equal(await page.locator(SEL.dialogButton('withdraw')).count(), 0, 'no withdraw button before a choice');
  await page.locator(SEL.checkbox('analytics')).check();
  await page.locator(SEL.dialogButton('save')).click();
  await dialog.waitFor({ state: 'hidden' });
  await page.locator(SEL.banner).waitFor({ state: 'hidden' });
  await page.waitForFunction(() => window.__analyticsRan === 1 && window.__inlineRan === true);
  await settle(page);
  const gated = await gatedState(page);
  assert.equal(gated.iframeSrc, null, 'marketing iframe still has no src');
  assert.ok(!requests.some((u) => new URL(u).pathname === '/video.html'), 'video.html never requested');
  assertRecord(await storedRecord(page), {
    method: 'custom',
    categories: { necessary: true, preferences: false, analytics: true, marketing: false },
    since,
  });

  // Reopening shows the stored choice.
  await page.locator(SEL.reopen).click();
  await dialog.waitFor({ state: 'visible' });
  assert.equal(await page.locator(SEL.checkbox('analytics')).isChecked(), true, 'analytics shown as chosen');
  assert.equal(await page.locator(SEL.checkbox('marketing')).isChecked(), false);
  assert.equal(await page.locator(SEL.dialogButton('withdraw')).count(), 1, 'withdraw offered once a choice is stored');
});

e2e(env, 'reload keeps the choice', async ({ page, goto, requests }) => {
  await goto('/');
  await ready(page);
  await page.locator(SEL.bannerButton('accept-all')).click();
  await page.waitForFunction(() => window.__analyticsRan === 1);
  const record = await storedRecord(page);
  await page.reload();
  // No click: the stored choice applies by itself.
  const fromReady = await ready(page);
  assert.deepEqual(fromReady, record, 'ready resolves with the stored record');
  await page.waitForFunction(() => window.__analyticsRan === 1 && window.__inlineRan === true);
  await page.waitForFunction(
    () => document.querySelector('iframe[title="Demo video"]').getAttribute('src') === '/video.html',
  );
  await page.locator(SEL.reopen).waitFor({ state: 'visible' });
  await settle(page);
  assert.equal(await page.locator(SEL.banner).isVisible(), false, 'no banner');
  assert.equal(await page.evaluate(() => window.__noAnalytics), undefined, '!analytics did not run');
  assert.equal(analyticsRequests(requests).length, 2, 'analytics.js loaded once per page view');
  assert.deepEqual(await storedRecord(page), record, 'record unchanged');
  const readyEvents = (await events(page)).filter((e) => e.type === 'samtykke:ready');
  assert.equal(readyEvents.length, 1, 'one samtykke:ready event');
  assert.deepEqual(readyEvents[0].detail, record, 'samtykke:ready carries the stored record');
});

e2e(env, 'revision change asks again', async ({ page, goto, requests }) => {
  await goto('/');
  await ready(page);
  await page.locator(SEL.bannerButton('accept-all')).click();
  await page.waitForFunction(() => window.__analyticsRan === 1);
  const before = analyticsRequests(requests).length;

  await goto('/test/revision2.html');
  assert.equal(await ready(page), null, 'a record for another revision is not consent');
  await page.locator(SEL.bannerButton('accept-all')).waitFor({ state: 'visible' });
  await page.waitForFunction(() => window.__noAnalytics === true);
  await settle(page);
  const gated = await gatedState(page);
  assert.equal(gated.analyticsRan, undefined, 'analytics did not run');
  assert.equal(gated.inlineRan, undefined);
  assert.equal(gated.iframeSrc, null);
  assert.equal(analyticsRequests(requests).length, before, 'analytics.js not requested on the new revision');
  assert.equal(await page.evaluate(() => window.samtykke.isGranted('analytics')), false);

  // Choosing again stores the new revision.
  await page.locator(SEL.bannerButton('reject-all')).click();
  await page.locator(SEL.banner).waitFor({ state: 'hidden' });
  const record = await storedRecord(page);
  assert.equal(record.revision, '2025-01-01');
  assert.equal(record.method, 'reject-all');
});

e2e(env, 'withdraw deletes cookies and the record', async ({ page, context, goto }) => {
  await goto('/');
  await ready(page);
  await page.locator(SEL.bannerButton('accept-all')).click();
  await page.waitForFunction(() => window.__analyticsRan === 1);
  await waitForCookies(context, (n) => n.includes('_ga') && n.includes('_ga_DEMO'), 'analytics.js set _ga, _ga_DEMO');
  // A necessary cookie the site set itself must survive.
  await page.evaluate(() => {
    document.cookie = 'session_demo=1; path=/';
  });

  await page.locator(SEL.reopen).click();
  await page.locator(SEL.dialog).waitFor({ state: 'visible' });
  await page.locator(SEL.dialogButton('withdraw')).click();
  await page.locator(SEL.dialog).waitFor({ state: 'hidden' });
  await page.locator(SEL.bannerButton('accept-all')).waitFor({ state: 'visible' });
  const names = await waitForCookies(context, (n) => !n.includes('_ga') && !n.includes('_ga_DEMO'), '_ga gone');
  assert.deepEqual(names, ['session_demo'], 'only the unlisted cookie is left');
  assert.equal(await storedRecord(page), null, 'record removed from localStorage');
  assert.equal(await page.evaluate(() => window.samtykke.getConsent()), null);
  assert.equal(await page.evaluate(() => window.samtykke.isGranted('analytics')), false);
  const changes = (await events(page)).filter((e) => e.type === 'samtykke:change');
  assert.equal(changes.at(-1).detail, null, 'samtykke:change after withdraw carries null');

  await page.reload();
  assert.equal(await ready(page), null);
  await page.locator(SEL.bannerButton('accept-all')).waitFor({ state: 'visible' });
  await settle(page);
  assert.equal((await gatedState(page)).analyticsRan, undefined, 'nothing runs after withdraw');
});

e2e(env, 'narrowing the choice deletes the denied cookies', async ({ page, context, goto }) => {
  await goto('/');
  await ready(page);
  await page.locator(SEL.bannerButton('accept-all')).click();
  await waitForCookies(context, (n) => n.includes('_ga') && n.includes('_ga_DEMO'), 'analytics.js set its cookies');
  await page.evaluate(() => {
    document.cookie = '_fbp=fb.1.demo; path=/';
    document.cookie = '_gid=GA1.2.demo; path=/';
    document.cookie = '_gallery=keep; path=/'; // not matched by "_ga_*" nor "_ga"
  });
  await page.locator(SEL.reopen).click();
  await page.locator(SEL.dialog).waitFor({ state: 'visible' });
  await page.locator(SEL.checkbox('analytics')).uncheck();
  await page.locator(SEL.dialogButton('save')).click();
  await page.locator(SEL.dialog).waitFor({ state: 'hidden' });
  const names = await waitForCookies(context, (n) => !n.includes('_ga'), 'analytics cookies deleted');
  assert.deepEqual(names, ['_fbp', '_gallery'], 'analytics cookies gone, marketing and unlisted kept');
  const record = await storedRecord(page);
  assert.equal(record.method, 'custom');
  assert.deepEqual(record.categories, { necessary: true, preferences: true, analytics: false, marketing: true });
  assert.ok(Date.parse(record.updated) >= Date.parse(record.given));
});

e2e(env, 'return visit: gated scripts start before samtykke draws anything', async ({ page, goto }) => {
  await goto('/test/boot-order.html');
  await ready(page);
  assert.equal(await page.evaluate(() => window.__drawnWhenGatedRan), undefined, 'nothing ran before the choice');
  await page.locator(SEL.bannerButton('accept-all')).click();
  await page.waitForFunction(() => window.__drawnWhenGatedRan !== undefined);
  assert.equal(await page.evaluate(() => window.__drawnWhenGatedRan), true, 'after a click the banner was there');
  await page.reload();
  await ready(page);
  assert.equal(await page.evaluate(() => window.__drawnWhenGatedRan), false, 'on the return visit the script ran first');
  await page.locator(SEL.reopen).waitFor({ state: 'visible' });
});

e2e(env, 'return visit: a gated script that opens the preferences during start-up keeps them open', async ({ page, goto }) => {
  await goto('/test/boot-order.html?open');
  await ready(page);
  await page.locator(SEL.bannerButton('accept-all')).click();
  // On this first visit the script runs after the click, and opens the dialog over the closed UI.
  await page.locator(SEL.dialog).waitFor({ state: 'visible' });
  await page.locator(SEL.dialogButton('close')).click();
  await page.reload();
  await ready(page);
  await settle(page);
  assert.equal(await page.locator(SEL.dialog).isVisible(), true, 'the dialog the script opened is still open');
  assert.equal(await page.locator(SEL.banner).isVisible(), false, 'no banner: the choice is stored');
});
