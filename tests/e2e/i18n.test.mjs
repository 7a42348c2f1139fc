// Language selection and the Do Not Track notice.
import { SEL, assert, e2e, ready, storedRecord, useE2E } from './helpers.mjs';

const env = useE2E();

e2e(env, 'Danish by <html lang="da">', async ({ page, goto }) => {
  await goto('/test/da.html');
  await ready(page);
  const banner = page.locator(SEL.banner);
  await banner.waitFor({ state: 'visible' });
  const text = await banner.innerText();
  assert.match(text, /Afvis alle/, 'Danish reject button');
  assert.match(text, /Accepter alle/, 'Danish accept button');
  assert.match(text, /Do Not Track/, '"Do Not Track" stays untranslated');
  assert.doesNotMatch(text, /Reject all|Accept all/, 'no English buttons');
  assert.equal(await page.locator('#samtykke [lang="da"][dir="ltr"]').count(), 1, 'wrapper has lang="da" dir="ltr"');
  await page.locator(SEL.bannerButton('reject-all')).click();
  await banner.waitFor({ state: 'hidden' });
  assert.equal((await storedRecord(page)).language, 'da', 'record notes the language shown');
});

e2e(env, 'English by default, Danish policy page is Danish', async ({ page, goto }) => {
  await goto('/privacy.html');
  await ready(page);
  await page.locator(SEL.banner).waitFor({ state: 'visible' });
  assert.match(await page.locator(SEL.banner).innerText(), /Reject all/);
  assert.equal(await page.locator('#samtykke [lang="en"][dir="ltr"]').count(), 1, 'wrapper has lang="en"');
  await goto('/privatliv.html');
  await ready(page);
  await page.locator(SEL.banner).waitFor({ state: 'visible' });
  assert.match(await page.locator(SEL.banner).innerText(), /Afvis alle/);
});

e2e(env, 'language switcher re-renders the banner', async ({ page, goto }) => {
  await goto('/test/da.html');
  await ready(page);
  const select = page.locator('#samtykke select[data-action="language"]');
  await select.waitFor({ state: 'visible' });
  assert.equal(await select.inputValue(), 'da');
  await select.selectOption('en');
  await page.locator(SEL.banner).getByText('Reject all').waitFor({ state: 'visible' });
  assert.equal(await page.locator('#samtykke [lang="en"][dir="ltr"]').count(), 1, 'wrapper has lang="en"');
  await select.selectOption('da');
  await page.locator(SEL.banner).getByText('Afvis alle').waitFor({ state: 'visible' });
});

e2e(
  env,
  'browser language is used when the page has no lang',
  async ({ page, goto }) => {
    await goto('/test/nolang.html');
    await ready(page);
    await page.locator(SEL.banner).waitFor({ state: 'visible' });
    assert.match(await page.locator(SEL.banner).innerText(), /Afvis alle/);
  },
  { contextOptions: { locale: 'da-DK' } },
);

e2e(
  env,
  'Do Not Track: the banner says the signal is seen and that the choice counts',
  async ({ page, goto }) => {
    await page.addInitScript(() => {
      Object.defineProperty(Navigator.prototype, 'doNotTrack', { get: () => '1', configurable: true });
    });
    await goto('/');
    await ready(page);
    await page.locator(SEL.banner).waitFor({ state: 'visible' });
    const text = await page.locator(SEL.banner).innerText();
    assert.match(text, /does not honour Do Not Track/);
    assert.match(text, /Your browser is sending a Do Not Track signal/);
  },
);

e2e(env, 'no Do Not Track line without the signal', async ({ page, goto }) => {
  await goto('/');
  await ready(page);
  await page.locator(SEL.banner).waitFor({ state: 'visible' });
  assert.doesNotMatch(await page.locator(SEL.banner).innerText(), /Your browser is sending/);
});

e2e(env, 'right-to-left language sets dir="rtl"', async ({ page, goto }) => {
  await goto('/');
  await ready(page);
  const select = page.locator('#samtykke select[data-action="language"]');
  await select.waitFor({ state: 'visible' });
  const codes = await select.locator('option').evaluateAll((os) => os.map((o) => o.value));
  const rtl = codes.find((c) => ['ar', 'he', 'fa', 'ur'].includes(c));
  assert.ok(rtl, `a right-to-left language is offered (got ${codes})`);
  await select.selectOption(rtl);
  await page.locator(`#samtykke [lang="${rtl}"][dir="rtl"]`).waitFor({ state: 'attached' });
  assert.equal(await page.locator(SEL.bannerButton('accept-all')).isVisible(), true);
});
