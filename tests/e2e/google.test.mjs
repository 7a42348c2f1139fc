// Google Consent Mode v2: the default command is in window.dataLayer before a Google tag starts,
// every page load and every change push an update, and a gtag-style consumer (www/js/google-tag.js)
// ends up with the state the visitor chose: granted after accept, denied again after withdraw.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SEL, assert, e2e, ready, useE2E } from './helpers.mjs';
import { WWW } from './server.mjs';

const env = useE2E();
const PAGE = '/test/google/index.html';
const TYPES = ['ad_storage', 'ad_user_data', 'ad_personalization', 'analytics_storage',
  'functionality_storage', 'personalization_storage', 'security_storage'];

/** dataLayer as [command, name, value] triples; entries that are not `arguments` objects are marked. */
function layer(page) {
  return page.evaluate(() =>
    (window.dataLayer || []).map((e) =>
      Object.prototype.toString.call(e) === '[object Arguments]' ? [e[0], e[1], e[2]] : ['not a command']));
}

const consentState = (page) => page.evaluate(() => ({ ...window.__googleConsent }));
const updates = async (page) => (await layer(page)).filter(([c, n]) => c === 'consent' && n === 'update');
const only = (state, granted) =>
  Object.fromEntries(TYPES.map((t) => [t, granted.includes(t) ? 'granted' : 'denied']));

e2e(env, 'the default is in dataLayer before the tag starts, and an update follows at start-up', async ({ page, goto }) => {
  await goto(PAGE);
  await ready(page);
  assert.deepEqual(await page.evaluate(() => window.__tagSawAtStart), ['consent default', 'set ads_data_redaction']);
  const entries = await layer(page);
  assert.deepEqual(entries.map(([c, n]) => `${c} ${n}`), ['consent default', 'set ads_data_redaction', 'consent update']);
  const [, , defaults] = entries[0];
  assert.deepEqual(defaults, { ...only(defaults, []), wait_for_update: 500 }, 'every type denied by default');
  assert.deepEqual(entries[2][2], only(entries[2][2], ['security_storage']), 'only necessary is granted without a choice');
  assert.deepEqual(Object.keys(entries[2][2]).sort(), Object.keys(entries[0][2]).filter((k) => k !== 'wait_for_update').sort());
  assert.equal((await consentState(page)).analytics_storage, 'denied');
});

e2e(env, 'accept-all grants in Google terms; withdraw denies again', async ({ page, goto }) => {
  await goto(PAGE);
  await ready(page);
  await page.locator(SEL.bannerButton('accept-all')).click();
  await page.waitForFunction(() => window.__googleConsent.analytics_storage === 'granted');
  assert.deepEqual(await consentState(page), only({}, TYPES), 'all seven granted');
  assert.equal(await page.evaluate(() => window.__analyticsStorageWhenGatedRan), 'granted',
    'the update reached the tag before the gated script ran');
  await page.locator(SEL.reopen).click();
  await page.locator(SEL.dialogButton('withdraw')).click();
  await page.waitForFunction(() => window.__googleConsent.analytics_storage === 'denied');
  assert.deepEqual(await consentState(page), only({}, ['security_storage']));
  assert.equal((await updates(page)).length, 3, 'start-up, accept, withdraw');
});

e2e(env, 'a custom choice maps category by category', async ({ page, goto }) => {
  await goto(PAGE);
  await ready(page);
  await page.evaluate(() => window.samtykke.setConsent({ preferences: true }));
  await page.waitForFunction(() => window.__googleConsent.functionality_storage === 'granted');
  assert.deepEqual(await consentState(page),
    only({}, ['functionality_storage', 'personalization_storage', 'security_storage']));
});

e2e(env, 'a return visit pushes the stored state at once, before gated scripts run', async ({ page, goto }) => {
  await goto(PAGE);
  await ready(page);
  await page.evaluate(() => window.samtykke.setConsent({ analytics: true }));
  await page.reload();
  await ready(page);
  const entries = await layer(page);
  assert.deepEqual(entries.map(([c, n]) => `${c} ${n}`), ['consent default', 'set ads_data_redaction', 'consent update']);
  assert.equal(entries[2][2].analytics_storage, 'granted');
  assert.equal(entries[2][2].ad_storage, 'denied');
  assert.equal(await page.evaluate(() => window.__analyticsStorageWhenGatedRan), 'granted');
});

e2e(env, 'with Global Privacy Control, accept-all leaves the ad types denied', async ({ page, goto }) => {
  await page.addInitScript(() => {
    Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true, configurable: true });
  });
  await goto(PAGE);
  await ready(page);
  await page.locator(SEL.bannerButton('accept-all')).click();
  await page.waitForFunction(() => window.__googleConsent.analytics_storage === 'granted');
  const state = await consentState(page);
  assert.equal(state.ad_storage, 'denied');
  assert.equal(state.ad_user_data, 'denied');
  assert.equal(state.ad_personalization, 'denied');
});

e2e(env, 'a config from a URL gets its default late, with a warning, still before the update', async ({ page, goto, consoleMessages }) => {
  await goto('/test/google/late.html');
  await ready(page);
  assert.deepEqual(await page.evaluate(() => window.__tagSawAtStart), [], 'the tag started before any default');
  const entries = await layer(page);
  assert.deepEqual(entries.map(([c, n]) => `${c} ${n}`), ['consent default', 'consent default', 'consent update']);
  // Unscoped first: a visitor outside DK and NO does not start granted by omission.
  assert.equal(entries[0][2].region, undefined);
  assert.deepEqual(entries[1][2].region, ['DK', 'NO']);
  for (const [, , state] of entries.slice(0, 2)) {
    assert.deepEqual(state, { ...only(state, []), wait_for_update: 500, ...(state.region ? { region: ['DK', 'NO'] } : {}) });
  }
  assert.ok(consoleMessages.some((m) => m.type === 'warning' && /googleConsentMode: the default command is pushed only now/.test(m.text)),
    'the console explains the late default');
});

e2e(env, 'the inline default waits 500 ms unless told otherwise, and scopes a region after an unscoped one', async ({ page, goto }) => {
  await withInlineConfig(page, '{"revision": "1", "policyUrl": "/p", "googleConsentMode": {"region": ["DK"]}}');
  await goto(PAGE);
  await ready(page);
  const defaults = (await layer(page)).filter(([c, n]) => c === 'consent' && n === 'default').map(([, , v]) => v);
  assert.deepEqual(defaults.map((v) => [v.wait_for_update, v.region]), [[500, undefined], [500, ['DK']]]);
});

/** The fixture page with its inline config text replaced. */
function withInlineConfig(page, text) {
  const html = readFileSync(join(WWW, 'test/google/index.html'), 'utf8')
    .replace(/(<script type="application\/json" id="samtykke-config">)[\s\S]*?(<\/script>)/, `$1${text}$2`);
  return page.route(`**${PAGE}`, (route) => route.fulfill({ contentType: 'text/html', body: html }));
}

for (const [what, text] of [
  ['an unknown key', '{"revision": "1", "policyUrl": "/p", "googleConsentMode": {"wait": 5}}'],
  ['broken JSON', '{"revision": "1", "googleConsentMode": true,'],
]) {
  e2e(env, `a config with ${what} keeps every type denied and grants nothing`, async ({ page, goto, consoleMessages }) => {
    await withInlineConfig(page, text);
    await goto(PAGE);
    assert.equal(await ready(page), null, 'failed closed');
    assert.deepEqual((await layer(page)).map(([c, n]) => `${c} ${n}`), ['consent default'], 'a default, and no update');
    assert.deepEqual(await consentState(page), only({}, []));
    assert.ok(consoleMessages.some((m) => m.type === 'error' && /^samtykke: config/.test(m.text)));
  }, { allowConsoleErrors: true });
}

e2e(env, 'without googleConsentMode nothing is pushed to dataLayer', async ({ page, goto }) => {
  await withInlineConfig(page, '{"revision": "1", "policyUrl": "/p"}');
  await goto(PAGE);
  await ready(page);
  await page.locator(SEL.bannerButton('accept-all')).click();
  await page.waitForFunction(() => window.__gatedRan === true);
  assert.deepEqual(await layer(page), []);
});
