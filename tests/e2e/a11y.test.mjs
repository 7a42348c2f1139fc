// Accessibility: axe-core (WCAG 2.0/2.1 A and AA, WCAG 2.2 AA) on the first layer and on the
// preferences dialog in English, Danish and Arabic; keyboard-only use; accept and reject buttons
// that look the same in several languages, with enough contrast.
//
// The pages are the demo home page (www/index.html) with <html lang> set per language: the test
// server answers /lang/<lang>.html itself (helpers.pageInLanguage), so no fixture file per language is needed.

import {
  SEL,
  TIMEOUT,
  assert,
  axeViolations,
  drawnIn,
  e2e,
  focused,
  pageInLanguage,
  ready,
  useE2E,
} from './helpers.mjs';

const env = useE2E({ routes: pageInLanguage });

/** The UI's own language and direction (set on its root inside the shadow root). */
function uiLanguage(page) {
  return page.evaluate(() => {
    const root = document.getElementById('samtykke')?.shadowRoot?.querySelector('.root');
    return root ? { lang: root.getAttribute('lang'), dir: root.getAttribute('dir') } : null;
  });
}

async function openInLanguage(ctx, lang) {
  await ctx.goto(`/lang/${lang}.html`);
  await ready(ctx.page);
  await ctx.page.locator(SEL.banner).waitFor({ state: 'visible' });
  await drawnIn(ctx.page, lang);
}

for (const lang of ['en', 'da', 'ar']) {
  e2e(env, `axe: first layer and preferences dialog in ${lang}, zero violations`, async (ctx) => {
    const { page } = ctx;
    await openInLanguage(ctx, lang);
    assert.deepEqual(await uiLanguage(page), { lang, dir: lang === 'ar' ? 'rtl' : 'ltr' }, 'the banner speaks the page\'s language');
    const banner = await axeViolations(page);

    await page.locator(SEL.bannerButton('preferences')).click();
    await page.locator(SEL.dialog).waitFor({ state: 'visible' });
    const dialog = await axeViolations(page);

    assert.deepEqual(
      { banner, dialog },
      { banner: [], dialog: [] },
      `axe violations (${lang}):\n${JSON.stringify({ banner, dialog }, null, 2)}`,
    );
  });
}

// ---------------------------------------------------------------------------------------------
// Keyboard

const describe = (f) => (f ? `${f.tag}${f.action ? `[${f.action}]` : ''}${f.inSamtykke ? '(samtykke)' : ''} ${f.text.slice(0, 30)}` : 'body');

/** Tab presses from the current focus until pred holds; returns the count. */
async function tabsUntil(page, pred, max = 30) {
  const seen = [];
  for (let i = 1; i <= max; i++) {
    await page.keyboard.press('Tab');
    const f = await focused(page);
    seen.push(describe(f));
    if (f && pred(f)) return i;
  }
  assert.fail(`Tab never reached the wanted element; focused on the way: ${JSON.stringify(seen)}`);
}

/** Focus is inside samtykke's banner (the region itself or a control in it). */
const focusInBanner = (page) =>
  page.evaluate(() => {
    const root = document.getElementById('samtykke')?.shadowRoot;
    const el = root?.activeElement;
    return !!el && !!el.closest('.banner');
  });

e2e(env, 'keyboard: Tab enters the banner, reject-all needs no more presses than accept-all', async (ctx) => {
  const { page } = ctx;
  await openInLanguage(ctx, 'en');
  await page.waitForFunction(() => !!document.getElementById('samtykke')?.shadowRoot?.activeElement?.closest('.banner'), null, { timeout: TIMEOUT })
    .catch(async () => assert.fail(`focus did not move into the banner: ${describe(await focused(page))}`));

  // From where focus lands, count presses to each button (fresh start each time).
  const toReject = await tabsUntil(page, (f) => f.action === 'reject-all' && f.inBanner);
  await page.evaluate(() => document.getElementById('samtykke').shadowRoot.querySelector('.banner').focus());
  assert.ok(await focusInBanner(page));
  const toAccept = await tabsUntil(page, (f) => f.action === 'accept-all' && f.inBanner);
  assert.ok(toReject <= toAccept, `reject-all takes ${toReject} Tab presses, accept-all ${toAccept}`);

  // From the top of the page, Tab order also reaches the banner (it is not skipped).
  await page.evaluate(() => {
    document.activeElement?.blur();
    document.getElementById('samtykke').shadowRoot.activeElement?.blur();
  });
  await page.locator('a.skip').focus();
  await tabsUntil(page, (f) => f.inSamtykke && f.inBanner, 40);

  // Enter on reject-all decides; focus does not get lost on the body.
  await page.evaluate(() => document.getElementById('samtykke').shadowRoot.querySelector('.banner').focus());
  await tabsUntil(page, (f) => f.action === 'reject-all' && f.inBanner);
  await page.keyboard.press('Enter');
  await page.locator(SEL.banner).waitFor({ state: 'hidden' });
  const after = await focused(page);
  assert.ok(after !== null, 'focus is somewhere after the choice, not on <body>');
});

e2e(env, 'keyboard: Escape closes the dialog and focus returns (banner, and page opener)', async (ctx) => {
  const { page } = ctx;
  await openInLanguage(ctx, 'en');
  await page.waitForFunction(() => !!document.getElementById('samtykke')?.shadowRoot?.activeElement?.closest('.banner'));

  // From the banner: Enter on "preferences", Escape, focus back on "preferences".
  await tabsUntil(page, (f) => f.action === 'preferences' && f.inBanner);
  await page.keyboard.press('Enter');
  await page.locator(SEL.dialog).waitFor({ state: 'visible' });
  await page.waitForFunction(() => !!document.getElementById('samtykke').shadowRoot.activeElement?.closest('[role="dialog"]'))
    .catch(async () => assert.fail(`focus did not move into the dialog: ${describe(await focused(page))}`));
  await page.keyboard.press('Escape');
  await page.locator(SEL.dialog).waitFor({ state: 'hidden' });
  await page.locator(SEL.banner).waitFor({ state: 'visible' });
  const back = await focused(page);
  assert.equal(back?.action, 'preferences', `focus returns to the "preferences" button; got ${describe(back)}`);
  assert.equal(await page.evaluate(() => window.samtykke.getConsent()), null, 'Escape chose nothing');

  // After a choice, from the page's own "Cookie settings" button.
  await page.locator(SEL.bannerButton('reject-all')).click();
  await page.locator(SEL.banner).waitFor({ state: 'hidden' });
  await page.locator('footer [data-samtykke-open]').focus();
  await page.keyboard.press('Enter');
  await page.locator(SEL.dialog).waitFor({ state: 'visible' });
  await page.keyboard.press('Escape');
  await page.locator(SEL.dialog).waitFor({ state: 'hidden' });
  const back2 = await focused(page);
  assert.ok(back2?.samtykkeOpen && !back2.inSamtykke, `focus returns to the page's Cookie settings button; got ${describe(back2)}`);
});

// ---------------------------------------------------------------------------------------------
// Accept and reject look the same; their text has enough contrast

function buttonStyles(page, scope) {
  return page.evaluate((scope) => {
    const root = document.getElementById('samtykke').shadowRoot;
    const get = (action) => {
      const el = root.querySelector(`${scope} [data-action="${action}"]`);
      const cs = getComputedStyle(el);
      const r = el.getBoundingClientRect();
      return {
        label: el.textContent,
        width: Math.round(r.width * 10) / 10,
        height: Math.round(r.height * 10) / 10,
        fontSize: cs.fontSize,
        fontWeight: cs.fontWeight,
        color: cs.color,
        backgroundColor: cs.backgroundColor,
      };
    };
    return { reject: get('reject-all'), accept: get('accept-all') };
  }, scope);
}

function parseRgb(s) {
  const m = /^rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?\)$/.exec(s);
  assert.ok(m, `a plain rgb colour: ${s}`);
  assert.ok(m[4] === undefined || Number(m[4]) === 1, `an opaque colour: ${s}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}
function luminance([r, g, b]) {
  const lin = (c) => {
    const v = c / 255;
    return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}
function contrast(fg, bg) {
  const [a, b] = [luminance(parseRgb(fg)), luminance(parseRgb(bg))].sort((x, y) => y - x);
  return (a + 0.05) / (b + 0.05);
}

/** Problems with the pair, as sentences (empty when they look the same and contrast is enough). */
function lookProblems(styles, where) {
  const { reject, accept } = styles;
  const problems = [];
  for (const key of ['width', 'height', 'fontSize', 'fontWeight', 'color', 'backgroundColor']) {
    if (reject[key] !== accept[key]) {
      problems.push(`${where}: ${key} differs: reject "${reject.label}" ${reject[key]}, accept "${accept.label}" ${accept[key]}`);
    }
  }
  for (const [name, b] of Object.entries(styles)) {
    const ratio = contrast(b.color, b.backgroundColor);
    if (!(ratio >= 4.5)) problems.push(`${where}: ${name} text contrast ${ratio.toFixed(2)} < 4.5 (${b.color} on ${b.backgroundColor})`);
  }
  return problems;
}

// Danish, Irish and Bulgarian labels differ a lot in length between accept and reject.
const LOOK_LANGUAGES = ['en', 'da', 'ga', 'bg', 'ar'];

for (const [name, viewport] of [
  ['desktop', { width: 1280, height: 720 }],
  ['narrow phone', { width: 320, height: 640 }],
]) {
  e2e(
    env,
    `accept and reject: same size, font and colours, contrast ≥ 4.5, in ${LOOK_LANGUAGES.join(', ')} (${name})`,
    async (ctx) => {
      const { page } = ctx;
      await openInLanguage(ctx, 'en');
      const seen = [];
      const problems = [];
      for (const lang of LOOK_LANGUAGES) {
        if (lang !== 'en') {
          await page.evaluate((l) => window.samtykke.setLanguage(l), lang);
          await drawnIn(page, lang);
        }
        await page.locator(SEL.banner).waitFor({ state: 'visible' });
        const banner = await buttonStyles(page, '.banner');
        problems.push(...lookProblems(banner, `${lang} banner`));
        await page.evaluate(() => window.samtykke.showPreferences());
        await page.locator(SEL.dialog).waitFor({ state: 'visible' });
        const dialog = await buttonStyles(page, '.dialog');
        problems.push(...lookProblems(dialog, `${lang} dialog`));
        await page.keyboard.press('Escape');
        await page.locator(SEL.dialog).waitFor({ state: 'hidden' });
        seen.push(`${lang}: "${banner.reject.label}" / "${banner.accept.label}" ${banner.reject.width}×${banner.reject.height}`);
      }
      assert.equal(seen.length, LOOK_LANGUAGES.length, seen.join('; '));
      assert.deepEqual(problems, [], `accept and reject differ (${name}, ${viewport.width}×${viewport.height}):\n${problems.join('\n')}`);
    },
    { contextOptions: { viewport } },
  );
}
