// Embeds with a placeholder (contextual consent), as a visitor meets them on www/test/embeds.html:
// a marketing video from another host (width/height attributes), a responsive one from this site,
// and one gated with "!marketing". The other host is answered by the test itself (page.route), so
// the test sees whether the browser ever asked it.

import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';

import { REPO } from './server.mjs';
import { SEL, assert, assertRecord, axeViolations, e2e, events, focused, ready, settle, storedRecord, trackPage, useE2E } from './helpers.mjs';

const env = useE2E();

const PROVIDER = 'https://video.example.com/';
const PAGE = '/test/embeds.html';
const placeholder = (frame) => `samtykke-embed:has(+ ${frame})`;
const allowButton = (frame) => `${placeholder(frame)} [data-action="embed-allow"]`;
const settingsButton = (frame) => `${placeholder(frame)} [data-action="embed-settings"]`;

/** Opens the fixture with the provider answered locally; returns the provider's requests so far. */
async function open(ctx, path = PAGE) {
  const asked = [];
  await ctx.context.route(`${PROVIDER}**`, (route) => {
    asked.push(route.request().url());
    return route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>Partner</title><p id="partner">Partner video</p>' });
  });
  await ctx.goto(path);
  await ready(ctx.page);
  await ctx.page.locator(placeholder('#external')).waitFor({ state: 'visible' });
  return asked;
}

/** Where the placeholder and its iframe are, and what the placeholder says. */
function boxes(page, frame) {
  return page.evaluate((sel) => {
    const f = document.querySelector(sel);
    const host = f.previousElementSibling?.localName === 'samtykke-embed' ? f.previousElementSibling : null;
    const rect = (el) => {
      // In page coordinates, so scrolling does not count as moving.
      const r = el.getBoundingClientRect();
      return { x: Math.round(r.x + scrollX), y: Math.round(r.y + scrollY), w: Math.round(r.width), h: Math.round(r.height) };
    };
    const group = host?.shadowRoot.querySelector('[role="group"]');
    return {
      frame: rect(f),
      frameVisibility: getComputedStyle(f).visibility,
      src: f.getAttribute('src'),
      placeholder: host && rect(host),
      text: group?.textContent ?? null,
      label: group?.getAttribute('aria-label') ?? null,
      lang: group?.getAttribute('lang') ?? null,
      dir: group?.getAttribute('dir') ?? null,
      after: rect(document.getElementById('after-video')),
    };
  }, frame);
}

e2e(env, 'a blocked iframe shows a placeholder in its own box, naming the category and the host', async (ctx) => {
  const { page } = ctx;
  const asked = await open(ctx);
  await settle(page);
  const b = await boxes(page, '#external');
  assert.equal(b.src, null, 'the iframe has no src');
  assert.deepEqual(asked, [], 'the provider was never asked for anything');
  assert.equal(b.frameVisibility, 'hidden', 'the empty iframe is hidden under its placeholder');
  assert.deepEqual(b.placeholder, b.frame, 'the placeholder covers exactly the iframe\'s box');
  assert.deepEqual(b.frame, { ...b.frame, w: 560, h: 315 }, 'the iframe keeps the size its attributes give it');
  assert.match(b.text, /video\.example\.com/, 'names the provider\'s host');
  assert.doesNotMatch(b.text, /embed\/42|autoplay/, 'only the host, not the whole URL');
  assert.match(b.text, /“Marketing”/, 'names the category by its title');
  assert.match(b.text, /Allow everything in “Marketing”/, 'Allow says it covers the whole category');
  assert.match(b.text, /Privacy settings/);
  assert.equal(b.label, 'Partner video', 'the group is named like the iframe');

  // The responsive iframe (width: 100%, aspect-ratio in the page's CSS) from this site's own host.
  const local = await boxes(page, '#local');
  assert.deepEqual(local.placeholder, local.frame);
  assert.match(local.text, new RegExp(`provided by \\u2068${new URL(ctx.url).hostname}\\u2069`), 'a relative data-src is the page\'s own host');
  await page.setViewportSize({ width: 500, height: 800 });
  await page.waitForFunction((w) => document.getElementById('local').getBoundingClientRect().width < w, local.frame.w);
  await page.waitForFunction(() => {
    const f = document.getElementById('local').getBoundingClientRect();
    const p = document.getElementById('local').previousElementSibling.getBoundingClientRect();
    return Math.abs(f.width - p.width) < 1 && Math.abs(f.height - p.height) < 1 && Math.abs(f.y - p.y) < 1;
  });

  // The negated gate needs no placeholder: it loads while marketing is not allowed.
  assert.equal(await page.locator('samtykke-embed:has(+ #negated)').count(), 0);
  assert.equal(await page.locator('#negated').getAttribute('src'), '/video.html?without-marketing');
  assert.equal(await page.locator('samtykke-embed').count(), 2, 'one placeholder per blocked iframe');

  await page.setViewportSize({ width: 1280, height: 720 });
  await page.locator(SEL.bannerButton('reject-all')).click();
  await mkdir(join(REPO, 'tests', 'e2e', 'artifacts'), { recursive: true });
  await page.locator('#external').scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(REPO, 'tests', 'e2e', 'artifacts', 'embed-placeholder.png') });
});

e2e(env, 'Allow in the placeholder grants only that category, records it, and loads the iframe in place', async (ctx) => {
  const { page } = ctx;
  const since = Date.now();
  const asked = await open(ctx);
  await settle(page);
  const before = await boxes(page, '#external');
  await page.locator(allowButton('#external')).click();
  await page.waitForFunction(() => document.getElementById('external').getAttribute('src') !== null);

  const record = await storedRecord(page);
  assertRecord(record, {
    method: 'custom',
    categories: { necessary: true, preferences: false, analytics: false, marketing: true },
    since,
    language: 'en',
  });
  assert.deepEqual(await page.evaluate(() => window.samtykke.getConsent()), record);
  const changes = (await events(page)).filter((e) => e.type === 'samtykke:change');
  assert.equal(changes.length, 1, 'one samtykke:change event');
  assert.deepEqual(changes[0].detail, record);

  const after = await boxes(page, '#external');
  assert.equal(after.src, 'https://video.example.com/embed/42?autoplay=0');
  assert.equal(after.frameVisibility, 'visible');
  assert.equal(after.placeholder, null, 'the placeholder is gone');
  assert.equal(await page.locator('samtykke-embed').count(), 0, 'every marketing iframe loaded, not just this one');
  assert.equal(await page.locator('#local').getAttribute('src'), '/video.html');
  assert.deepEqual(after.frame, before.frame, 'the iframe did not move or change size');
  assert.deepEqual(after.after, before.after, 'nothing after it moved');
  await page.frameLocator('#external').locator('#partner').waitFor();
  assert.deepEqual(asked, ['https://video.example.com/embed/42?autoplay=0'], 'the provider was asked once, after the grant');
  await page.locator(SEL.banner).waitFor({ state: 'hidden' });
  const f = await focused(page);
  assert.equal(f?.tag, 'iframe', `focus moves to the iframe that loaded where the button was; got ${JSON.stringify(f)}`);
});

e2e(env, 'a granted iframe shows at once on the next visit; withdrawing unloads it back to its placeholder', async (ctx) => {
  const { page } = ctx;
  await open(ctx);
  await page.evaluate(() => window.samtykke.acceptAll());
  await page.frameLocator('#external').locator('#partner').waitFor();
  await page.reload();
  await ready(page);
  await page.frameLocator('#external').locator('#partner').waitFor();
  assert.equal(await page.locator('samtykke-embed').count(), 0, 'no placeholder once granted');

  await page.evaluate(() => window.samtykke.setConsent({ marketing: false }));
  await page.locator(placeholder('#external')).waitFor({ state: 'visible' });
  const b = await boxes(page, '#external');
  assert.equal(b.src, null);
  assert.deepEqual(b.placeholder, b.frame);
  assert.equal(await page.evaluate(() => document.getElementById('external').contentWindow.location.href), 'about:blank',
    'the provider\'s page was unloaded, not left running');

  await page.evaluate(() => window.samtykke.setConsent({ marketing: true }));
  await page.frameLocator('#external').locator('#partner').waitFor();
  await page.evaluate(() => window.samtykke.withdraw());
  await page.locator(placeholder('#external')).waitFor({ state: 'visible' });
  assert.equal((await boxes(page, '#external')).src, null, 'withdrawn: unloaded again');
});

e2e(env, 'a grant made in another tab loads the iframe here too', async (ctx) => {
  const { page, context } = ctx;
  await open(ctx);
  const other = await context.newPage();
  trackPage(other);
  await other.goto(new URL(PAGE, ctx.url).href);
  await ready(other);
  await other.evaluate(() => window.samtykke.setConsent({ marketing: true }));
  await page.frameLocator('#external').locator('#partner').waitFor();
  assert.equal(await page.locator('samtykke-embed').count(), 0);
  await other.evaluate(() => window.samtykke.rejectAll());
  await page.locator(placeholder('#external')).waitFor({ state: 'visible' });
  await other.close();
});

e2e(env, 'iframes added later get placeholders too; a negated one none', async (ctx) => {
  const { page } = ctx;
  const asked = await open(ctx);
  await page.evaluate(() => {
    const f = document.createElement('iframe');
    f.setAttribute('data-consent', 'marketing');
    f.setAttribute('data-src', 'https://video.example.com/late');
    f.id = 'late';
    f.width = '320';
    f.height = '180';
    document.querySelector('main').append(f);
    const n = document.createElement('iframe');
    n.setAttribute('data-consent', '!marketing');
    n.setAttribute('data-src', '/video.html?late-negated');
    n.id = 'late-negated';
    document.querySelector('main').append(n);
  });
  await page.locator(placeholder('#late')).waitFor({ state: 'visible' });
  const b = await boxes(page, '#late');
  assert.deepEqual(b.placeholder, b.frame);
  assert.deepEqual([b.frame.w, b.frame.h], [320, 180]);
  assert.match(b.text, /video\.example\.com/);
  assert.match(b.text, /This content is provided by/, 'without a title the group is named by its sentence');
  assert.equal(b.label, null);
  await page.waitForFunction(() => document.getElementById('late-negated').getAttribute('src') === '/video.html?late-negated');
  assert.equal(await page.locator('samtykke-embed:has(+ #late-negated)').count(), 0);
  await settle(page);
  assert.deepEqual(asked, []);

  // The banner covers the end of the page; the keyboard reaches the button anyway.
  await page.locator(allowButton('#late')).focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.getElementById('late').getAttribute('src') === 'https://video.example.com/late');
  assert.equal(await page.locator('samtykke-embed').count(), 0);
});

e2e(env, 'the placeholder speaks the language shown, and redraws when it changes', async (ctx) => {
  const { page } = ctx;
  await open(ctx);
  await page.evaluate(() => window.samtykke.setLanguage('da'));
  await page.waitForFunction(() => /Tillad/.test(document.querySelector('samtykke-embed').shadowRoot.textContent));
  const da = await boxes(page, '#external');
  assert.equal(da.lang, 'da');
  assert.match(da.text, /Dette indhold leveres af \u2068video\.example\.com\u2069\./);
  assert.match(da.text, /kategorien »Markedsføring«/);
  assert.match(da.text, /Tillad alt i »Markedsføring«/);
  assert.match(da.text, /Indstillinger for privatliv/);
  assert.deepEqual(da.placeholder, da.frame);

  await page.evaluate(() => window.samtykke.setLanguage('ar'));
  await page.waitForFunction(() => document.querySelector('samtykke-embed').shadowRoot.querySelector('[role="group"]').getAttribute('lang') === 'ar');
  const ar = await boxes(page, '#external');
  assert.equal(ar.dir, 'rtl');
  assert.match(ar.text, /تسويق/);
  assert.match(ar.text, /video\.example\.com/);
  assert.deepEqual(await axeViolations(page, 'samtykke-embed'), [], 'axe in Arabic');
});

e2e(env, 'keyboard: Tab reaches Allow where the iframe is; the settings control opens the preferences and gets focus back', async (ctx) => {
  const { page } = ctx;
  await open(ctx);
  await page.locator(SEL.bannerButton('reject-all')).click();
  await page.locator(SEL.banner).waitFor({ state: 'hidden' });
  await page.locator('#before-video').focus();
  await page.keyboard.press('Tab');
  let f = await focused(page);
  assert.equal(f?.action, 'embed-allow', `Tab after the link before the video goes to Allow; got ${JSON.stringify(f)}`);
  await page.keyboard.press('Tab');
  f = await focused(page);
  assert.equal(f?.action, 'embed-settings');
  await page.keyboard.press('Enter');
  await page.locator(SEL.dialog).waitFor({ state: 'visible' });
  await page.keyboard.press('Escape');
  await page.locator(SEL.dialog).waitFor({ state: 'hidden' });
  f = await focused(page);
  assert.equal(f?.action, 'embed-settings', 'focus is back on the control that opened the dialog');
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => window.samtykke.isGranted('marketing'));
  assert.equal((await storedRecord(page)).categories.analytics, false, 'only marketing was granted');
  await page.waitForFunction(() => document.activeElement?.id === 'external');
});

/**
 * What `document.activeElement` is: an iframe by id, a control inside a placeholder (named by the
 * iframe it stands for, with the placeholder's language), or any other element.
 */
function activeElement(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (el?.localName === 'iframe') return { frame: el.id };
    if (el?.localName === 'samtykke-embed') {
      const inner = el.shadowRoot.activeElement;
      return {
        placeholderOf: el.nextElementSibling?.id ?? null,
        action: inner?.getAttribute('data-action') ?? null,
        lang: el.shadowRoot.querySelector('[role="group"]')?.getAttribute('lang') ?? null,
      };
    }
    if (el?.id === 'samtykke' || el?.id === 'samtykke-reopen') {
      return { samtykke: el.id, action: el.shadowRoot.activeElement?.getAttribute('data-action') ?? null };
    }
    return { other: el ? el.localName : null };
  });
}

/** The site switches samtykke's language (its own language menu, a route change) while the dialog is open. */
async function switchLanguage(page, code) {
  await page.evaluate((c) => window.samtykke.setLanguage(c), code);
  await page.waitForFunction(
    (c) => document.querySelector('samtykke-embed').shadowRoot.querySelector('[role="group"]').getAttribute('lang') === c
      && document.querySelector('#samtykke').shadowRoot.querySelector('[role="dialog"]')?.closest('[lang]')?.getAttribute('lang') === c,
    code,
  );
}

/** Opens the preferences from a placeholder's settings control with the keyboard (the banner may cover it). */
async function settingsFrom(page, frame) {
  await page.locator(settingsButton(frame)).focus();
  await page.keyboard.press('Enter');
  await page.locator(SEL.dialog).waitFor({ state: 'visible' });
}

e2e(env, 'granting the category in the preferences opened from a placeholder focuses that iframe, not another of the category', async (ctx) => {
  const { page } = ctx;
  await open(ctx);
  // The second marketing iframe on the page: focus must not go to the first one either.
  await settingsFrom(page, '#local');
  await page.locator(SEL.checkbox('marketing')).focus();
  await page.keyboard.press('Space');
  await page.locator(SEL.dialogButton('save')).focus();
  await page.keyboard.press('Enter');
  await page.locator(SEL.dialog).waitFor({ state: 'hidden' });
  await page.waitForFunction(() => document.getElementById('local').getAttribute('src') === '/video.html');
  assert.equal((await storedRecord(page)).categories.marketing, true);
  assert.equal(await page.locator('samtykke-embed').count(), 0, 'both marketing iframes loaded');
  assert.deepEqual(await activeElement(page), { frame: 'local' }, 'focus is on the iframe where the control was');
});

e2e(env, 'saving the preferences without the category gives focus back to the placeholder\'s settings control, also after a language switch', async (ctx) => {
  const { page } = ctx;
  await open(ctx);
  await page.locator(SEL.bannerButton('reject-all')).click();
  await page.locator(SEL.banner).waitFor({ state: 'hidden' });
  const back = { placeholderOf: 'external', action: 'embed-settings' };

  await page.locator(settingsButton('#external')).click();
  await page.locator(SEL.dialog).waitFor({ state: 'visible' });
  await page.locator(SEL.checkbox('analytics')).check();
  await page.locator(SEL.dialogButton('save')).click();
  await page.locator(SEL.dialog).waitFor({ state: 'hidden' });
  assert.deepEqual((await storedRecord(page)).categories, { necessary: true, preferences: false, analytics: true, marketing: false });
  assert.deepEqual(await activeElement(page), { ...back, lang: 'en' });

  // A language switch while the dialog is open redraws the placeholder, control included.
  await page.locator(settingsButton('#external')).click();
  await page.locator(SEL.dialog).waitFor({ state: 'visible' });
  await switchLanguage(page, 'da');
  await page.locator(SEL.dialogButton('save')).click();
  await page.locator(SEL.dialog).waitFor({ state: 'hidden' });
  assert.deepEqual(await activeElement(page), { ...back, lang: 'da' }, 'focus is on the redrawn control');
});

e2e(env, 'Escape or the close button gives focus back to the placeholder\'s settings control, also after a language switch', async (ctx) => {
  const { page } = ctx;
  await open(ctx);
  await page.locator(SEL.bannerButton('reject-all')).click();
  await page.locator(SEL.banner).waitFor({ state: 'hidden' });
  const back = { placeholderOf: 'external', action: 'embed-settings' };

  await settingsFrom(page, '#external');
  await page.keyboard.press('Escape');
  await page.locator(SEL.dialog).waitFor({ state: 'hidden' });
  assert.deepEqual(await activeElement(page), { ...back, lang: 'en' });

  await settingsFrom(page, '#external');
  await switchLanguage(page, 'da');
  await page.keyboard.press('Escape');
  await page.locator(SEL.dialog).waitFor({ state: 'hidden' });
  assert.deepEqual(await activeElement(page), { ...back, lang: 'da' }, 'Escape: focus is on the redrawn control');

  await settingsFrom(page, '#external');
  await switchLanguage(page, 'en');
  await page.locator(SEL.dialogButton('close')).click();
  await page.locator(SEL.dialog).waitFor({ state: 'hidden' });
  assert.deepEqual(await activeElement(page), { ...back, lang: 'en' }, 'close button: focus is on the redrawn control');
});

e2e(env, 'withdrawing in the preferences opened from a placeholder, then accepting in the banner, focuses the iframe', async (ctx) => {
  const { page } = ctx;
  await open(ctx);
  await page.locator(SEL.bannerButton('reject-all')).click();
  await page.locator(SEL.banner).waitFor({ state: 'hidden' });
  await settingsFrom(page, '#external');
  await page.locator(SEL.dialogButton('withdraw')).click();
  await page.locator(SEL.banner).waitFor({ state: 'visible' });
  assert.deepEqual(await activeElement(page), { samtykke: 'samtykke', action: null }, 'the banner asks again and has focus');
  await page.locator(SEL.bannerButton('accept-all')).click();
  await page.locator(SEL.banner).waitFor({ state: 'hidden' });
  await page.frameLocator('#external').locator('#partner').waitFor();
  assert.deepEqual(await activeElement(page), { frame: 'external' }, 'back where the visitor came from: the iframe now there');
});

e2e(env, 'the page removes a placeholder or its iframe while the preferences are open: focus still goes somewhere useful', async (ctx) => {
  const { page } = ctx;
  await open(ctx);
  // Only the placeholder goes (as a framework re-rendering its part of the page might do): it is
  // put back before its iframe, and its control gets focus.
  await settingsFrom(page, '#external');
  await page.evaluate(() => document.querySelector('samtykke-embed:has(+ #external)').remove());
  await page.keyboard.press('Escape');
  await page.locator(SEL.dialog).waitFor({ state: 'hidden' });
  assert.deepEqual(await activeElement(page), { placeholderOf: 'external', action: 'embed-settings', lang: 'en' });

  // The iframe goes: its placeholder too, and focus goes to the banner's control that leads back
  // to the dialog, or once a choice is saved, to the reopen control.
  await settingsFrom(page, '#local');
  await page.evaluate(() => document.getElementById('local').remove());
  await page.keyboard.press('Escape');
  await page.locator(SEL.dialog).waitFor({ state: 'hidden' });
  assert.equal(await page.locator('samtykke-embed').count(), 1, 'the removed iframe\'s placeholder went with it');
  assert.deepEqual(await activeElement(page), { samtykke: 'samtykke', action: 'preferences' });

  await settingsFrom(page, '#external');
  await page.evaluate(() => document.getElementById('external').remove());
  await page.locator(SEL.dialogButton('save')).click();
  await page.locator(SEL.dialog).waitFor({ state: 'hidden' });
  assert.equal(await page.locator('samtykke-embed').count(), 0);
  assert.deepEqual(await activeElement(page), { samtykke: 'samtykke-reopen', action: 'reopen' });
});

e2e(env, 'axe: the page with placeholders and the banner has zero violations', async (ctx) => {
  const { page } = ctx;
  await open(ctx);
  assert.deepEqual(await axeViolations(page, 'samtykke-embed'), []);
  const contrast = await page.evaluate(() => {
    const root = document.querySelector('samtykke-embed').shadowRoot;
    const style = (sel) => {
      const cs = getComputedStyle(root.querySelector(sel));
      return [cs.color, cs.backgroundColor];
    };
    return { group: style('[role="group"]'), allow: style('[data-action="embed-allow"]'), settings: style('[data-action="embed-settings"]') };
  });
  assert.deepEqual(contrast.allow, ['rgb(255, 255, 255)', 'rgb(29, 78, 216)'], 'Allow looks like the banner\'s buttons');
  assert.equal(contrast.settings[0], 'rgb(29, 78, 216)');
  assert.equal(contrast.group[1], 'rgb(238, 241, 245)');
});
