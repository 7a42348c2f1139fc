// Global Privacy Control: honoured by default. With the signal and no stored choice, sale-or-sharing
// categories (marketing by default) stay off even on accept-all, the first layer says so in one
// sentence, and the record carries "gpc": true. Do Not Track is still not honoured, and still said.
import { SEL, assert, e2e, ready, serveConfig, storedRecord, useE2E } from './helpers.mjs';

const env = useE2E();

/** Makes the browser send GPC, before any page script runs. */
async function sendGpc(page) {
  await page.addInitScript(() => {
    Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true, configurable: true });
  });
}

const firstLayer = (page) => page.locator(SEL.banner).innerText();

e2e(env, 'with GPC, accept-all leaves marketing off, says so, and records gpc: true', async ({ page, goto }) => {
  await sendGpc(page);
  await goto('/');
  await ready(page);
  const text = await firstLayer(page);
  assert.match(text, /Global Privacy Control/, 'one sentence names the GPC signal');
  assert.match(text, /Do Not Track/, 'the DNT notice stays');
  await page.locator(SEL.bannerButton('accept-all')).click();
  await page.waitForFunction(() => window.__analyticsRan === 1);
  const record = await storedRecord(page);
  assert.equal(record.gpc, true);
  assert.equal(record.categories.analytics, true);
  assert.equal(record.categories.marketing, false, 'accept-all does not grant sale or sharing');
  assert.equal(await page.evaluate(() => window.samtykke.isGranted('marketing')), false);
  assert.equal(await page.locator(SEL.video).getAttribute('src'), null, 'the marketing iframe stays empty');
});

e2e(env, 'with GPC, marketing can still be switched on explicitly in the preferences', async ({ page, goto }) => {
  await sendGpc(page);
  await goto('/');
  await ready(page);
  await page.locator(SEL.bannerButton('preferences')).click();
  const marketing = page.locator(SEL.checkbox('marketing'));
  assert.equal(await marketing.isChecked(), false, 'not pre-ticked');
  await marketing.check();
  await page.locator(SEL.dialogButton('save')).click();
  const record = await storedRecord(page);
  assert.equal(record.categories.marketing, true);
  assert.equal(record.gpc, true);
  await page.locator(SEL.video).and(page.locator('[src]')).waitFor();
});

e2e(env, 'without GPC there is no GPC sentence and accept-all grants marketing', async ({ page, goto }) => {
  await goto('/');
  await ready(page);
  assert.doesNotMatch(await firstLayer(page), /Global Privacy Control/);
  await page.locator(SEL.bannerButton('accept-all')).click();
  const record = await storedRecord(page);
  assert.equal(record.categories.marketing, true);
  assert.equal('gpc' in record, false);
});

e2e(env, 'a site that sets "gpc": "ignore" does not honour the signal', async ({ page, goto }) => {
  await sendGpc(page);
  await serveConfig(page, { revision: '2024-06-17', policyUrl: '/privacy.html', gpc: 'ignore' });
  await goto('/');
  await ready(page);
  assert.doesNotMatch(await firstLayer(page), /Global Privacy Control/);
  await page.locator(SEL.bannerButton('accept-all')).click();
  const record = await storedRecord(page);
  assert.equal(record.categories.marketing, true);
  assert.equal('gpc' in record, false);
});

e2e(env, 'a returning visitor who granted marketing before GPC: not granted while the signal is sent, the dialog says why, switching it on there records gpc', async ({ page, goto }) => {
  await goto('/');
  await ready(page);
  await page.locator(SEL.bannerButton('accept-all')).click();
  const before = await storedRecord(page);
  assert.equal(before.categories.marketing, true);
  assert.equal('gpc' in before, false, 'granted without the signal');

  await sendGpc(page);
  await page.reload();
  await ready(page);
  assert.equal(await page.evaluate(() => window.samtykke.isGranted('marketing')), false, 'the signal wins over the earlier opt-in');
  assert.equal(await page.evaluate(() => window.samtykke.isGranted('analytics')), true, 'other categories keep their grant');
  assert.equal(await page.locator(SEL.video).getAttribute('src'), null, 'the marketing iframe stays empty');
  await page.locator(SEL.reopen).click();
  const marketing = page.locator(SEL.checkbox('marketing'));
  assert.equal(await marketing.isChecked(), false, 'the box shows what counts now');
  assert.match(await page.locator(SEL.dialog).innerText(), /Global Privacy Control/, 'the dialog says why');
  await marketing.check();
  await page.locator(SEL.dialogButton('save')).click();
  const after = await storedRecord(page);
  assert.equal(after.categories.marketing, true);
  assert.equal(after.gpc, true, 'switched on with the signal present');
  assert.equal(await page.evaluate(() => window.samtykke.isGranted('marketing')), true);
  await page.locator(SEL.video).and(page.locator('[src]')).waitFor();
});
