// Small screens: on the first layer, reject all, accept all and Choose are in view without any
// scrolling, in every built-in language, on two portrait phones and a landscape one. The notice stays
// readable: when it does not fit it scrolls in its own region, which Tab reaches and keys scroll.
//
// The banner may cover at most COVER_LIMIT of the viewport's height, so some of the page always
// stays in view above it: the visitor sees which site asks, and the banner is no wall.

import { readdirSync } from 'node:fs';
import { join } from 'node:path';

import { SEL, assert, axeViolations, drawnIn, e2e, ready, useE2E } from './helpers.mjs';
import { REPO } from './server.mjs';

const env = useE2E();

/** Every built-in language, from translations/*.toml. */
const LANGUAGES = readdirSync(join(REPO, 'translations'))
  .filter((f) => f.endsWith('.toml'))
  .map((f) => f.slice(0, -'.toml'.length))
  .sort();

const VIEWPORTS = [
  ['portrait', { width: 320, height: 568 }],
  ['portrait', { width: 360, height: 640 }],
  ['landscape', { width: 640, height: 320 }],
];

/** The largest share of the viewport's height the banner may cover. */
const COVER_LIMIT = 0.75;

/** Languages axe also checks at each size: the longest texts, and right to left. */
const AXE_LANGUAGES = ['en', 'el', 'ar'];

const BUTTONS = ['reject-all', 'accept-all', 'preferences'];

/** Boxes of the banner (border box and the clipped, visible box) and of its buttons, scrolled to the start. */
function measure(page, actions) {
  return page.evaluate((actions) => {
    const root = document.getElementById('samtykke').shadowRoot;
    const banner = root.querySelector('.banner');
    banner.scrollTop = 0;
    banner.scrollLeft = 0;
    const box = (r) => ({ left: r.left, top: r.top, right: r.right, bottom: r.bottom });
    const outer = banner.getBoundingClientRect();
    // What an overflow container shows: its padding box, without borders and scroll bars.
    const left = outer.left + banner.clientLeft;
    const top = outer.top + banner.clientTop;
    const visible = { left, top, right: left + banner.clientWidth, bottom: top + banner.clientHeight };
    const buttons = {};
    for (const action of actions) {
      const el = root.querySelector(`.banner [data-action="${action}"]`);
      const r = el.getBoundingClientRect();
      const hit = root.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
      buttons[action] = { ...box(r), label: el.textContent, onTop: !!hit && el.contains(hit) };
    }
    const text = root.querySelector('.banner .text');
    return {
      viewport: { width: window.innerWidth, height: window.innerHeight },
      banner: box(outer),
      visible,
      bannerScrolls: banner.scrollHeight > banner.clientHeight + 1,
      buttons,
      text: text && {
        scrolls: text.scrollHeight > text.clientHeight + 1,
        wide: text.scrollWidth > text.clientWidth + 1,
        tabindex: text.getAttribute('tabindex'),
        role: text.getAttribute('role'),
        labelledBy: text.getAttribute('aria-labelledby'),
        lineHeights: text.clientHeight / parseFloat(getComputedStyle(text).lineHeight),
      },
    };
  }, actions);
}

const inside = (a, b) => a.left >= b.left - 0.5 && a.top >= b.top - 0.5 && a.right <= b.right + 0.5 && a.bottom <= b.bottom + 0.5;
const fmt = (r) => `[${Math.round(r.left)},${Math.round(r.top)} – ${Math.round(r.right)},${Math.round(r.bottom)}]`;

/** Problems with one language at one size, as sentences. */
function problems(lang, m) {
  const out = [];
  const screen = { left: 0, top: 0, right: m.viewport.width, bottom: m.viewport.height };
  for (const [action, b] of Object.entries(m.buttons)) {
    const what = `${lang}: ${action} "${b.label}" ${fmt(b)}`;
    if (!inside(b, screen)) out.push(`${what} is not inside the viewport ${fmt(screen)}`);
    if (!inside(b, m.visible)) out.push(`${what} is not inside the banner's visible box ${fmt(m.visible)}`);
    else if (!b.onTop) out.push(`${what} is covered by something else`);
  }
  if (!inside(m.banner, screen)) out.push(`${lang}: the banner ${fmt(m.banner)} is not inside the viewport`);
  const cover = (Math.min(m.banner.bottom, screen.bottom) - Math.max(m.banner.top, 0)) / m.viewport.height;
  if (cover > COVER_LIMIT + 0.5 / m.viewport.height) {
    out.push(`${lang}: the banner covers ${(cover * 100).toFixed(1)}% of the viewport's height, more than ${COVER_LIMIT * 100}%`);
  }
  if (m.bannerScrolls) out.push(`${lang}: the banner itself scrolls`);
  if (!m.text) {
    out.push(`${lang}: no .text region for the notice`);
    return out;
  }
  if (m.text.wide) out.push(`${lang}: the notice is wider than its region (it must reflow, not scroll sideways)`);
  if (m.text.lineHeights < 2.9) out.push(`${lang}: the notice's region shows only ${m.text.lineHeights.toFixed(1)} lines`);
  if (m.text.tabindex !== '0') out.push(`${lang}: the notice's region has tabindex ${m.text.tabindex}, so a keyboard cannot scroll it`);
  if (m.text.labelledBy !== 'samtykke-title' || m.text.role === null) out.push(`${lang}: the notice's region has no role and name`);
  return out;
}

/** From the banner, Tab reaches the notice's region, End scrolls it to its end, Home back. */
async function keyboardScrolls(page, lang) {
  await page.evaluate(() => document.getElementById('samtykke').shadowRoot.querySelector('.banner').focus());
  await page.keyboard.press('Tab');
  const onText = await page.evaluate(() => !!document.getElementById('samtykke').shadowRoot.activeElement?.matches('.banner .text'));
  if (!onText) return [`${lang}: Tab from the banner does not reach the notice's region`];
  await page.keyboard.press('End');
  const atEnd = await page
    .waitForFunction(() => {
      const t = document.getElementById('samtykke').shadowRoot.querySelector('.banner .text');
      return t.scrollTop + t.clientHeight >= t.scrollHeight - 1;
    })
    .then(() => true, () => false);
  await page.keyboard.press('Home');
  await page.waitForFunction(() => document.getElementById('samtykke').shadowRoot.querySelector('.banner .text').scrollTop === 0);
  return atEnd ? [] : [`${lang}: End does not scroll the notice's region to its end`];
}

for (const [orientation, viewport] of VIEWPORTS) {
  const size = `${viewport.width}×${viewport.height}`;
  e2e(
    env,
    `first layer at ${size} (${orientation}): reject, accept and Choose in view without scrolling, in all ${LANGUAGES.length} languages`,
    async (ctx) => {
      const { page } = ctx;
      await ctx.goto('/');
      await ready(page);
      await page.locator(SEL.banner).waitFor({ state: 'visible' });
      const found = [];
      const seen = [];
      for (const lang of LANGUAGES) {
        await page.evaluate((l) => window.samtykke.setLanguage(l), lang);
        await drawnIn(page, lang);
        await page.locator(SEL.banner).waitFor({ state: 'visible' });
        const m = await measure(page, BUTTONS);
        found.push(...problems(lang, m));
        if (m.text?.scrolls) found.push(...(await keyboardScrolls(page, lang)));
        if (AXE_LANGUAGES.includes(lang)) {
          const violations = await axeViolations(page);
          if (violations.length) found.push(`${lang}: axe: ${JSON.stringify(violations, null, 2)}`);
        }
        seen.push(`${lang} ${Math.round(m.banner.bottom - m.banner.top)}px${m.text?.scrolls ? ' (notice scrolls)' : ''}`);
      }
      assert.equal(seen.length, LANGUAGES.length);
      assert.deepEqual(found, [], `at ${size}:\n${found.join('\n')}\nbanner heights: ${seen.join(', ')}`);
    },
    { contextOptions: { viewport }, timeout: 120_000 },
  );
}
