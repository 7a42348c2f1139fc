// Keyboard-only use and the data-samtykke-open hook.
import { SEL, assert, drawnIn, e2e, focused, ready, storedRecord, useE2E } from './helpers.mjs';

const env = useE2E();

/** Presses Tab until pred(focused) holds; returns everything focused on the way. */
async function tabUntil(page, pred, { max = 40, shift = false } = {}) {
  const seen = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(shift ? 'Shift+Tab' : 'Tab');
    const f = await focused(page);
    seen.push(f);
    if (f && pred(f)) return seen;
  }
  assert.fail(`Tab never reached the wanted element; focused on the way: ${JSON.stringify(seen.map(describe))}`);
}
const describe = (f) => (f ? `${f.tag}${f.action ? `[${f.action}]` : ''}${f.inSamtykke ? '(samtykke)' : ''} ${f.text.slice(0, 30)}` : 'body');

e2e(env, 'keyboard only: banner, preferences dialog, Escape, accept', async ({ page, goto }) => {
  await goto('/');
  await ready(page);
  await page.locator(SEL.banner).waitFor({ state: 'visible' });

  // Focus moves into the banner when it appears.
  await page
    .waitForFunction(() => {
      let el = document.activeElement;
      while (el && el.shadowRoot && el.shadowRoot.activeElement) el = el.shadowRoot.activeElement;
      return !!el && !!el.closest && !!el.closest('.banner') && el.getRootNode() instanceof ShadowRoot;
    })
    .catch(async () => assert.fail(`focus is not in the banner: ${JSON.stringify(await focused(page))}`));

  // Tab reaches reject-all and accept-all, both inside the banner.
  const seen = [await focused(page)];
  seen.push(...(await tabUntil(page, (f) => f.action === 'accept-all' && f.inBanner)));
  if (!seen.some((f) => f?.action === 'reject-all' && f.inBanner)) {
    // Not before accept-all in tab order, so it must come after it.
    seen.push(...(await tabUntil(page, (f) => f.action === 'reject-all' && f.inBanner)));
  }
  const actions = seen.filter((f) => f?.inBanner).map((f) => f.action);
  assert.ok(actions.includes('reject-all') && actions.includes('accept-all'), `reached: ${actions}`);

  // Enter on "preferences" opens the dialog and moves focus into it.
  await tabUntil(page, (f) => f.action === 'preferences' && f.inBanner);
  await page.keyboard.press('Enter');
  await page.locator(SEL.dialog).waitFor({ state: 'visible' });
  await page
    .waitForFunction(() => {
      let el = document.activeElement;
      while (el && el.shadowRoot && el.shadowRoot.activeElement) el = el.shadowRoot.activeElement;
      return !!el && !!el.closest && !!el.closest('[role="dialog"]');
    })
    .catch(async () => assert.fail(`focus did not move into the dialog: ${JSON.stringify(await focused(page))}`));

  // Tick a checkbox with Space, then Escape: closes without saving, focus returns to the opener.
  await tabUntil(page, (f) => f.category === 'analytics' && f.inDialog);
  await page.keyboard.press('Space');
  assert.equal(await page.locator(SEL.checkbox('analytics')).isChecked(), true, 'Space ticks the checkbox');
  // Focus stays in the modal dialog while tabbing.
  const inside = await tabUntil(page, (f) => f.action === 'close', { max: 15 });
  assert.ok(inside.every((f) => f && f.inDialog), `Tab left the modal dialog: ${inside.map(describe)}`);
  await page.keyboard.press('Escape');
  await page.locator(SEL.dialog).waitFor({ state: 'hidden' });
  const back = await focused(page);
  assert.ok(back && back.action === 'preferences' && back.inBanner, `focus returned to "preferences", got ${describe(back)}`);
  assert.equal(await storedRecord(page), null, 'Escape saved nothing');
  assert.equal(await page.locator(SEL.banner).isVisible(), true, 'banner still shown');
  assert.equal(await page.evaluate(() => window.__analyticsRan), undefined);

  // Reopen: the unsaved tick is gone.
  await page.keyboard.press('Enter');
  await page.locator(SEL.dialog).waitFor({ state: 'visible' });
  assert.equal(await page.locator(SEL.checkbox('analytics')).isChecked(), false, 'unsaved tick discarded');
  await page.keyboard.press('Escape');
  await page.locator(SEL.dialog).waitFor({ state: 'hidden' });

  // Accept with the keyboard.
  await tabUntil(page, (f) => f.action === 'accept-all' && f.inBanner);
  await page.keyboard.press('Enter');
  await page.locator(SEL.banner).waitFor({ state: 'hidden' });
  await page.waitForFunction(() => window.__analyticsRan === 1);
  assert.equal((await storedRecord(page)).method, 'accept-all');
  // Focus is not lost to nowhere after the banner goes away: the reopen button is reachable.
  await tabUntil(page, (f) => f.action === 'reopen', { max: 40 });
});

e2e(env, 'data-samtykke-open element opens the preferences', async ({ page, goto }) => {
  await goto('/');
  await ready(page);
  await page.locator(SEL.banner).waitFor({ state: 'visible' });
  const opener = page.locator('footer [data-samtykke-open]');
  await opener.click();
  await page.locator(SEL.dialog).waitFor({ state: 'visible' });
  await page.keyboard.press('Escape');
  await page.locator(SEL.dialog).waitFor({ state: 'hidden' });
  const back = await focused(page);
  assert.ok(back && back.samtykkeOpen, `focus returned to the footer button, got ${describe(back)}`);

  // Also after a choice, and by keyboard.
  await page.locator(SEL.bannerButton('reject-all')).click();
  await page.locator(SEL.banner).waitFor({ state: 'hidden' });
  await opener.focus();
  await page.keyboard.press('Enter');
  await page.locator(SEL.dialog).waitFor({ state: 'visible' });
  assert.equal(await page.locator(SEL.checkbox('analytics')).isChecked(), false);
  await page.locator(SEL.dialogButton('close')).click();
  await page.locator(SEL.dialog).waitFor({ state: 'hidden' });
  assert.equal((await storedRecord(page)).method, 'reject-all', 'close kept the stored choice');
});

e2e(env, 'data-samtykke-open added after load works too', async ({ page, goto }) => {
  await goto('/test/da.html');
  await ready(page);
  await page.evaluate(() => {
    const b = document.createElement('button');
    b.id = 'late-opener';
    b.setAttribute('data-samtykke-open', '');
    b.textContent = 'Late';
    document.querySelector('main').prepend(b); // above the floating banner
  });
  await page.locator('#late-opener').click();
  await page.locator(SEL.dialog).waitFor({ state: 'visible' });
});

e2e(env, 'a language switch by page code leaves focus where the visitor has it', async ({ page, goto }) => {
  await goto('/');
  await ready(page);
  await page.locator(SEL.banner).waitFor({ state: 'visible' });
  // Out on the page: the page's own link keeps focus.
  await page.locator('a.brand').focus();
  await page.evaluate(() => window.samtykke.setLanguage('da'));
  await drawnIn(page, 'da');
  assert.equal((await focused(page))?.inSamtykke, false, 'focus was not pulled into the banner');
  assert.equal(await page.evaluate(() => document.activeElement?.className), 'brand');
  // On a banner button: the same button, drawn again in the new language, has it.
  await page.locator(SEL.bannerButton('reject-all')).focus();
  await page.evaluate(() => window.samtykke.setLanguage('en'));
  await drawnIn(page, 'en');
  assert.deepEqual(
    { action: (await focused(page))?.action, inBanner: (await focused(page))?.inBanner },
    { action: 'reject-all', inBanner: true },
  );
  // The visitor's own switch (focus on the switcher, then a choice): focus stays on the switcher.
  const switcher = page.locator('#samtykke [data-action="language"]');
  await switcher.focus();
  await switcher.selectOption('da');
  await drawnIn(page, 'da');
  assert.equal((await focused(page))?.action, 'language');
});

e2e(env, 'a redraw while a checkbox in the dialog has focus keeps it on that checkbox', async ({ page, goto }) => {
  await goto('/');
  await ready(page);
  await page.evaluate(() => window.samtykke.showPreferences());
  await page.locator(SEL.dialog).waitFor({ state: 'visible' });
  await page.locator(SEL.checkbox('analytics')).focus();
  await page.evaluate(() => window.samtykke.setLanguage('da'));
  await drawnIn(page, 'da');
  const now = await focused(page);
  assert.deepEqual({ category: now?.category, inDialog: now?.inDialog }, { category: 'analytics', inDialog: true });
  // Escape still reaches the dialog.
  await page.keyboard.press('Escape');
  await page.locator(SEL.dialog).waitFor({ state: 'hidden' });
});
