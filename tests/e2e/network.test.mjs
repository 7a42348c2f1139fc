// Privacy of the demo itself: a full visit talks to nobody but the local server.
import { SEL, assert, e2e, ready, settle, useE2E } from './helpers.mjs';

const env = useE2E();

e2e(env, 'no requests of its own: load, preferences, accept, pages, reopen, withdraw, reload', async ({ page, goto, requests, origin }) => {
  await goto('/');
  await ready(page);
  await page.locator(SEL.bannerButton('preferences')).click();
  await page.locator(SEL.dialog).waitFor({ state: 'visible' });
  await page.locator(SEL.dialogButton('accept-all')).click();
  await page.locator(SEL.dialog).waitFor({ state: 'hidden' });
  await page.waitForFunction(() => window.__analyticsRan === 1);
  await page.frameLocator('iframe[title="Demo video"]').locator('.embed-note').waitFor({ state: 'visible' });
  for (const path of ['/state.html', '/privacy.html', '/privatliv.html', '/test/da.html']) {
    await goto(path);
    await ready(page);
    await settle(page);
  }
  await page.locator(SEL.reopen).click();
  await page.locator(SEL.dialog).waitFor({ state: 'visible' });
  await page.locator(SEL.dialogButton('withdraw')).click();
  await page.locator(SEL.bannerButton('accept-all')).waitFor({ state: 'visible' });
  await goto('/');
  await ready(page);
  await settle(page);

  const paths = requests.map((u) => new URL(u).pathname);
  for (const needed of ['/samtykke/samtykke.js', '/samtykke/samtykke_bg.wasm', '/consent.json', '/js/analytics.js', '/video.html']) {
    assert.ok(paths.includes(needed), `${needed} was requested (sanity: requests are being recorded)`);
  }
  const external = requests.filter((u) => {
    const url = new URL(u);
    return url.origin !== origin && url.protocol !== 'data:' && url.protocol !== 'blob:';
  });
  assert.deepEqual(external, [], 'every request goes to the local server');
  assert.ok(requests.every((u) => u.startsWith('http://127.0.0.1:') || /^(data|blob):/.test(u)));
  // Nothing but the pages' own files and samtykke's own assets: no beacon, no ping, no endpoint of
  // samtykke's that the site did not configure.
  const unexpected = paths.filter((p) =>
    !p.startsWith('/samtykke/') &&
    !['/consent.json', '/js/analytics.js', '/js/state.js', '/video.html', '/style.css', '/favicon.svg'].includes(p) &&
    !/^\/([a-z0-9-]+\.html|test\/da\.html)?$/.test(p));
  assert.deepEqual(unexpected, [], 'no request beyond the pages, their files and samtykke\'s assets');
  const own = paths.filter((p) => p.startsWith('/samtykke/'));
  assert.ok(own.every((p) => /^\/samtykke\/(samtykke\.js|samtykke_bg\.(js|wasm)|i18n\/[a-z]{2,3}\.json)$/.test(p)), own.join(', '));
});

e2e(env, 'state page shows the live consent state', async ({ page, goto }) => {
  // The floating banner may cover these buttons, so press them with the keyboard.
  const press = async (api) => {
    await page.locator(`main button[data-api="${api}"]`).focus();
    await page.keyboard.press('Enter');
  };
  await goto('/state.html');
  await ready(page);
  await page.locator('body[data-state-ready="no-choice"]').waitFor();
  assert.equal((await page.locator('#state').innerText()).trim(), 'null');
  assert.equal(await page.locator('[data-state-for="analytics"]').innerText(), 'not granted');
  assert.equal(await page.locator('[data-state-for="necessary"]').innerText(), 'granted');
  await press('accept-all');
  await page.locator('[data-state-for="analytics"]', { hasText: /^granted$/ }).waitFor();
  const shown = JSON.parse(await page.locator('#state').innerText());
  assert.equal(shown.method, 'accept-all');
  assert.deepEqual(shown, await page.evaluate(() => window.samtykke.getConsent()));
  await press('reject-all');
  await page.locator('[data-state-for="analytics"]', { hasText: /^not granted$/ }).waitFor();
  assert.equal(JSON.parse(await page.locator('#state').innerText()).method, 'reject-all');
  await press('preferences');
  await page.locator(SEL.dialog).waitFor({ state: 'visible' });
  await page.keyboard.press('Escape');
  await press('withdraw');
  await page.locator('#state', { hasText: /^null$/ }).waitFor();
  await page.locator(SEL.bannerButton('accept-all')).waitFor({ state: 'visible' });
});

e2e(env, 'demo pages have no inline style or unguarded inline script', async ({ page, goto }) => {
  for (const path of ['/', '/state.html', '/privacy.html', '/privatliv.html']) {
    await goto(path);
    const found = await page.evaluate(() => ({
      style: document.querySelectorAll('[style]').length,
      styleElements: document.querySelectorAll('style').length,
      inlineScripts: [...document.querySelectorAll('script:not([src])')]
        .filter((s) => s.type !== 'text/plain' && s.type !== 'application/json' && !s.hasAttribute('data-consent'))
        .map((s) => s.outerHTML.slice(0, 80)),
      lang: document.documentElement.lang,
      // The loader is the last thing the page wrote; samtykke's own hosts are appended after it.
      loaderIsLast: [...document.body.children].filter((el) => !el.id.startsWith('samtykke')).pop()
        ?.getAttribute('src') === '/samtykke/samtykke.js',
    }));
    assert.equal(found.style, 0, `${path}: no style attributes`);
    assert.equal(found.styleElements, 0, `${path}: no <style> elements in the page`);
    assert.deepEqual(found.inlineScripts, [], `${path}: no inline scripts`);
    assert.ok(found.lang, `${path}: has lang`);
    assert.ok(found.loaderIsLast, `${path}: loader at the end of body`);
  }
});
