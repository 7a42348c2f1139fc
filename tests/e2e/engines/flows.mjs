// What a visitor does, written once and run in every engine (run.mjs) through the engine-neutral
// Session of driver.mjs. Each flow gets a fresh session (empty storage, no cookies) and fails on
// any console error unless it says otherwise. The demo site's facts: www/index.html gates
// /js/analytics.js and an inline script on "analytics", a "!analytics" script, and a marketing
// iframe (www/consent.json has necessary, preferences, analytics, marketing).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

import { REPO } from '../server.mjs';

const BANNER = '#samtykke >>> .banner';
const bannerButton = (action) => `${BANNER} [data-action="${action}"]`;
const DIALOG = '#samtykke >>> [role="dialog"]';
const dialogButton = (action) => `${DIALOG} [data-action="${action}"]`;
const checkbox = (id) => `${DIALOG} input[type="checkbox"][data-category="${id}"]`;
const REOPEN = '#samtykke-reopen >>> [data-action="reopen"]';

const CATEGORIES = ['necessary', 'preferences', 'analytics', 'marketing'];
const all = (value) => Object.fromEntries(CATEGORIES.map((id) => [id, id === 'necessary' || value]));

/** The demo page's gated content: what ran, and whether the iframe got its src. */
const gated = (s) =>
  s.evaluate(() => ({
    analyticsRan: window.__analyticsRan ?? null,
    inlineRan: window.__inlineRan ?? null,
    noAnalytics: window.__noAnalytics ?? null,
    iframeSrc: document.querySelector('iframe[title="Demo video"]')?.getAttribute('src') ?? null,
  }));

const NOTHING_RAN = { analyticsRan: null, inlineRan: null, noAnalytics: true, iframeSrc: null };
const ALL_RAN = { analyticsRan: 1, inlineRan: true, noAnalytics: null, iframeSrc: '/video.html' };

/** Paths (with query) this page view has fetched (Resource Timing: scripts, iframes, fetches). */
const fetched = (s) =>
  s.evaluate(() => performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname + new URL(e.name).search));

const stored = (s) =>
  s.evaluate(() => {
    const raw = localStorage.getItem('samtykke');
    return raw === null ? null : JSON.parse(raw);
  });

/**
 * Before asserting that something did NOT happen: samtykke is ready and the page fetched nothing
 * new for 300 ms.
 */
async function settle(s) {
  await s.ready();
  let count = -1;
  let since = Date.now();
  for (const deadline = Date.now() + 10_000; Date.now() < deadline; ) {
    const now = (await fetched(s)).length;
    if (now !== count) [count, since] = [now, Date.now()];
    else if (Date.now() - since >= 300) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('the page kept fetching for 10 s');
}

/** The focused element, looked for through shadow roots (runs in the page). */
function focusedInPage() {
  let el = document.activeElement;
  while (el && el.shadowRoot && el.shadowRoot.activeElement) el = el.shadowRoot.activeElement;
  if (!el || el === document.body) return null;
  return {
    tag: el.localName,
    action: el.getAttribute('data-action'),
    category: el.getAttribute('data-category'),
    inBanner: !!el.closest('.banner'),
    inDialog: !!el.closest('[role="dialog"]'),
  };
}
const describe = (f) => (f ? `${f.tag}[${f.action ?? f.category ?? ''}]${f.inBanner ? ' in banner' : ''}${f.inDialog ? ' in dialog' : ''}` : 'body');

/** Presses key (Tab or Shift+Tab) until pred(focused) holds; returns everything focused on the way. */
async function tabUntil(s, pred, max = 30, key = 'Tab') {
  const seen = [];
  for (let i = 0; i < max; i++) {
    await s.press(key);
    const f = await s.evaluate(focusedInPage);
    seen.push(f);
    if (f && pred(f)) return seen;
  }
  assert.fail(`${key} never reached the wanted control; focused on the way: ${seen.map(describe).join(', ')}`);
}

/** Accepts everything on the demo home page and waits for what that starts. */
async function acceptAll(s) {
  await s.goto('/');
  assert.equal(await s.ready(), null, 'nothing stored yet');
  await s.click(bannerButton('accept-all'));
  await s.hidden(BANNER);
  await s.waitFor('the gated scripts to run', () => window.__analyticsRan === 1 && window.__inlineRan === true);
  const record = await stored(s);
  assert.equal(record?.method, 'accept-all', 'the choice is stored');
  return record;
}

const RTL = 'ar';
const rtlRejectLabel = () => {
  const line = readFileSync(`${REPO}/translations/${RTL}.toml`, 'utf8').match(/^reject_all\s*=\s*"(.*)"\s*$/m);
  assert.ok(line, `translations/${RTL}.toml has reject_all`);
  return line[1];
};

/** The flows: { name, run(session), allowConsoleErrors? }. */
export const FLOWS = [
  {
    // www/test/first/page.html: the config inline and no embed, so the first-paint module inside
    // samtykke.js decides alone until the preferences are asked for.
    name: 'first-paint module: accept all without the full module, which Choose then fetches',
    async run(s) {
      const FULL = /^\/samtykke\/samtykke_bg\.(js|wasm)$/;
      await s.goto('/test/first/page.html');
      await s.visible(bannerButton('accept-all'));
      assert.equal(await s.ready(), null, 'nothing stored yet');
      await s.click(bannerButton('accept-all'));
      await s.hidden(BANNER);
      await s.waitFor('the gated scripts to run', () => window.__analyticsRan === 1 && window.__inlineRan === 1);
      assert.equal((await stored(s))?.method, 'accept-all');
      await s.visible(REOPEN);
      await settle(s);
      assert.deepEqual((await fetched(s)).filter((p) => FULL.test(p)), [], 'no full module so far');
      await s.click(REOPEN);
      await s.visible(DIALOG);
      assert.equal((await fetched(s)).filter((p) => FULL.test(p)).length, 2, 'the full module, once');
      assert.equal(await s.evaluate(() => window.__inlineRan), 1, 'nothing ran twice');
    },
  },
  {
    name: 'first visit: the banner is shown and nothing gated runs',
    async run(s) {
      await s.goto('/');
      await s.visible(bannerButton('accept-all'));
      await s.visible(bannerButton('reject-all'));
      assert.equal(await s.ready(), null, 'ready resolves with null when nothing is stored');
      await s.waitFor('the "!analytics" script', () => window.__noAnalytics === true);
      await settle(s);
      assert.deepEqual(await gated(s), NOTHING_RAN);
      const paths = await fetched(s);
      assert.ok(!paths.includes('/js/analytics.js'), 'analytics.js was never fetched');
      assert.ok(!paths.includes('/video.html'), 'the iframe was never loaded');
      assert.equal(await stored(s), null, 'nothing stored');
      assert.equal(await s.evaluate(() => document.cookie), '', 'no cookies');
      assert.equal(await s.isVisible(REOPEN), false, 'no reopen control before a choice');
      const banner = await s.evaluate((sel, $) => ({ role: $(sel).getAttribute('role'), text: $(sel).textContent }), BANNER);
      assert.equal(banner.role, 'region');
      assert.match(banner.text, /Nordlys Software ApS/);
      assert.match(banner.text, /Do Not Track/);
    },
  },
  {
    name: 'accept all: everything gated runs once and the choice is stored',
    async run(s) {
      const record = await acceptAll(s);
      await s.visible(REOPEN);
      await s.waitFor('the iframe to load', () => document.querySelector('iframe[title="Demo video"]').getAttribute('src') === '/video.html');
      await settle(s);
      // The "!analytics" script ran before the choice, while analytics was not granted.
      assert.deepEqual(await gated(s), { ...ALL_RAN, noAnalytics: true });
      assert.deepEqual(record.categories, all(true));
      assert.deepEqual(await s.evaluate(() => window.samtykke.getConsent()), record, 'getConsent() is the stored record');
    },
  },
  {
    name: 'reject all: nothing gated runs and the choice is stored',
    async run(s) {
      await s.goto('/');
      await s.ready();
      await s.click(bannerButton('reject-all'));
      await s.hidden(BANNER);
      await s.visible(REOPEN);
      await settle(s);
      assert.deepEqual(await gated(s), NOTHING_RAN);
      assert.ok(!(await fetched(s)).includes('/js/analytics.js'), 'analytics.js was never fetched');
      const record = await stored(s);
      assert.equal(record?.method, 'reject-all');
      assert.deepEqual(record.categories, all(false));
    },
  },
  {
    name: 'custom choice in the dialog: only analytics',
    async run(s) {
      await s.goto('/');
      await s.ready();
      await s.click(bannerButton('preferences'));
      await s.visible(DIALOG);
      assert.equal(await s.evaluate((sel, $) => $(sel).getAttribute('aria-modal'), DIALOG), 'true');
      const boxes = await s.evaluate(
        (ids, $) => ids.map((id) => {
          const box = $(`#samtykke >>> [role="dialog"] input[type="checkbox"][data-category="${id}"]`);
          return box && { id, checked: box.checked, disabled: box.disabled };
        }),
        CATEGORIES,
      );
      assert.deepEqual(boxes, CATEGORIES.map((id) => ({ id, checked: id === 'necessary', disabled: id === 'necessary' })), 'nothing pre-ticked');
      await s.click(checkbox('analytics'));
      await s.waitFor('the analytics box to be ticked', (sel, $) => $(sel).checked, checkbox('analytics'));
      await s.click(dialogButton('save'));
      await s.hidden(DIALOG);
      await s.hidden(BANNER);
      await s.waitFor('the analytics scripts to run', () => window.__analyticsRan === 1 && window.__inlineRan === true);
      await settle(s);
      assert.equal((await gated(s)).iframeSrc, null, 'the marketing iframe stays empty');
      assert.ok(!(await fetched(s)).includes('/video.html'), 'the iframe was never loaded');
      const record = await stored(s);
      assert.equal(record?.method, 'custom');
      assert.deepEqual(record.categories, { necessary: true, preferences: false, analytics: true, marketing: false });
      // Reopened, the dialog shows the stored choice.
      await s.click(REOPEN);
      await s.visible(DIALOG);
      assert.equal(await s.evaluate((sel, $) => $(sel).checked, checkbox('analytics')), true, 'analytics shown as chosen');
      assert.equal(await s.evaluate((sel, $) => $(sel).checked, checkbox('marketing')), false);
    },
  },
  {
    name: 'keyboard only: Tab reaches reject all and accept all, Escape closes the dialog',
    async run(s) {
      await s.goto('/');
      await s.ready();
      await s.visible(BANNER);
      await s.waitFor('focus in the banner', () => {
        let el = document.activeElement;
        while (el && el.shadowRoot && el.shadowRoot.activeElement) el = el.shadowRoot.activeElement;
        return !!el && !!el.closest('.banner');
      });
      const seen = [await s.evaluate(focusedInPage)];
      seen.push(...(await tabUntil(s, (f) => f.inBanner && f.action === 'accept-all')));
      if (!seen.some((f) => f?.inBanner && f.action === 'reject-all')) {
        seen.push(...(await tabUntil(s, (f) => f.inBanner && f.action === 'reject-all')));
      }
      // Open the dialog from the keyboard; Escape closes it without saving, focus goes back.
      await tabUntil(s, (f) => f.inBanner && f.action === 'preferences');
      await s.press('Enter');
      await s.visible(DIALOG);
      await s.waitFor('focus in the dialog', () => {
        let el = document.activeElement;
        while (el && el.shadowRoot && el.shadowRoot.activeElement) el = el.shadowRoot.activeElement;
        return !!el && !!el.closest('[role="dialog"]');
      });
      await tabUntil(s, (f) => f.inDialog && f.category === 'analytics');
      await s.press('Space');
      assert.equal(await s.evaluate((sel, $) => $(sel).checked, checkbox('analytics')), true, 'Space ticks the box');
      const inside = await tabUntil(s, (f) => f.action === 'close', 15);
      assert.ok(inside.every((f) => f?.inDialog), `Tab stays in the modal dialog: ${inside.map(describe).join(', ')}`);
      await s.press('Escape');
      await s.hidden(DIALOG);
      const back = await s.evaluate(focusedInPage);
      assert.ok(back?.inBanner && back.action === 'preferences', `focus went back to "preferences", not ${describe(back)}`);
      assert.equal(await stored(s), null, 'Escape saved nothing');
      // Back to reject all (Tab past the banner's end leaves the page in Firefox), and choose it.
      await tabUntil(s, (f) => f.inBanner && f.action === 'reject-all', 10, 'Shift+Tab');
      await s.press('Enter');
      await s.hidden(BANNER);
      await settle(s);
      assert.equal((await stored(s))?.method, 'reject-all');
      assert.deepEqual(await gated(s), NOTHING_RAN);
    },
  },
  {
    name: 'reload keeps the choice',
    async run(s) {
      const record = await acceptAll(s);
      await s.reload();
      assert.deepEqual(await s.ready(), record, 'ready resolves with the stored record');
      await s.waitFor('the gated scripts to run without a click', () => window.__analyticsRan === 1 && window.__inlineRan === true);
      await s.visible(REOPEN);
      await settle(s);
      assert.equal(await s.isVisible(BANNER), false, 'no banner');
      assert.deepEqual(await gated(s), ALL_RAN);
      assert.deepEqual(await stored(s), record, 'the record is unchanged');
    },
  },
  {
    name: 'withdraw: the record and the gated cookies go, the banner asks again',
    async run(s) {
      await acceptAll(s);
      await s.waitFor('analytics.js to set _ga', () => /(^|; )_ga=/.test(document.cookie));
      await s.click(REOPEN);
      await s.visible(DIALOG);
      await s.click(dialogButton('withdraw'));
      await s.hidden(DIALOG);
      await s.visible(bannerButton('accept-all'));
      await s.waitFor('the _ga cookies to go', () => !/(^|; )_ga/.test(document.cookie));
      assert.equal(await stored(s), null, 'the record is removed');
      assert.equal(await s.evaluate(() => window.samtykke.getConsent()), null);
      assert.equal(await s.evaluate(() => window.samtykke.isGranted('analytics')), false);
      await s.reload();
      assert.equal(await s.ready(), null);
      await s.visible(bannerButton('accept-all'));
      await settle(s);
      assert.deepEqual(await gated(s), NOTHING_RAN, 'nothing runs after withdrawing');
    },
  },
  {
    name: 'a gated iframe waits behind a placeholder; Allow loads it',
    async run(s) {
      // www/test/embeds.html: #external (another host, 560x315) and #local (this site) are marketing.
      await s.goto('/test/embeds.html');
      assert.equal(await s.ready(), null);
      const box = (frame) =>
        s.evaluate((id) => {
          const f = document.getElementById(id);
          const p = f.previousElementSibling;
          const r = (el) => {
            const b = el.getBoundingClientRect();
            return [b.x, b.y, b.width, b.height].map(Math.round);
          };
          return {
            src: f.getAttribute('src'),
            hidden: getComputedStyle(f).visibility === 'hidden',
            frame: r(f),
            placeholder: p?.localName === 'samtykke-embed' ? r(p) : null,
            text: p?.shadowRoot?.textContent ?? null,
          };
        }, frame);
      await s.waitFor('a placeholder over #external', () => document.getElementById('external').previousElementSibling?.localName === 'samtykke-embed');
      await settle(s);
      const external = await box('external');
      assert.equal(external.src, null, 'the iframe has no src');
      assert.equal(external.hidden, true, 'the empty iframe is hidden');
      assert.deepEqual(external.placeholder, external.frame, 'the placeholder covers the iframe\'s box');
      assert.equal(external.frame[2], 560);
      assert.match(external.text, /video\.example\.com/, 'names the provider\'s host');
      assert.match(external.text, /Marketing/, 'names the category');
      assert.ok(!(await fetched(s)).includes('/video.html'), '#local was never loaded');
      // Allow in #local's placeholder grants marketing and loads the iframe in place. At the top of
      // the window, where the banner (fixed at the bottom) does not cover it.
      await s.evaluate(() => document.getElementById('local').scrollIntoView({ block: 'start' }));
      await s.click('samtykke-embed:has(+ #local) >>> [data-action="embed-allow"]');
      await s.waitFor('#local to load', () => document.getElementById('local').getAttribute('src') === '/video.html');
      const record = await stored(s);
      assert.equal(record?.categories.marketing, true, 'marketing is granted');
      assert.equal(record.categories.analytics, false, 'and nothing else');
    },
  },
  {
    name: `right to left: <html lang="${RTL}"> draws the banner in ${RTL}, dir="rtl", and it works`,
    async run(s) {
      await s.goto(`/lang/${RTL}.html`);
      assert.equal(await s.ready(), null);
      await s.waitFor(`the banner drawn in ${RTL}`, (lang) => {
        const root = document.getElementById('samtykke')?.shadowRoot?.querySelector('.root');
        return root?.getAttribute('lang') === lang && root.getAttribute('dir') === 'rtl';
      }, RTL);
      const drawn = await s.evaluate(
        (sel, $) => ({ direction: getComputedStyle($(sel)).direction, reject: $(`${sel} [data-action="reject-all"]`).textContent.trim() }),
        BANNER,
      );
      assert.equal(drawn.direction, 'rtl', 'the banner lays out right to left');
      assert.equal(drawn.reject, rtlRejectLabel(), 'reject all in the page\'s language');
      await s.click(bannerButton('reject-all'));
      await s.hidden(BANNER);
      const record = await stored(s);
      assert.equal(record?.method, 'reject-all');
      assert.equal(record.language, RTL);
    },
  },
  {
    name: 'storage that throws: asks on every page view, runs nothing before a choice (fails closed)',
    async run(s) {
      for (const view of ['first view', 'after a reload']) {
        if (view === 'first view') await s.goto('/?fault=storage-throws');
        else await s.reload();
        assert.equal(await s.evaluate(() => { try { localStorage; return 'readable'; } catch (e) { return e.name; } }), 'SecurityError');
        assert.equal(await s.ready(), null, `${view}: no choice is known`);
        await s.visible(bannerButton('reject-all'));
        await s.waitFor('the "!analytics" script', () => window.__noAnalytics === true);
        await settle(s);
        assert.deepEqual(await gated(s), NOTHING_RAN, `${view}: nothing gated ran`);
        const warnings = await s.evaluate(() => window.__engineLog.warnings);
        assert.equal(warnings.length, 1, `${view}: one warning, got ${JSON.stringify(warnings)}`);
        assert.match(warnings[0], /^samtykke: localStorage is blocked/);
        // The choice still works for this page view.
        await s.click(bannerButton('accept-all'));
        await s.hidden(BANNER);
        await s.waitFor('the gated scripts to run', () => window.__analyticsRan === 1);
        assert.equal(await s.evaluate(() => window.samtykke.getConsent()?.method), 'accept-all', 'kept in memory');
      }
    },
  },
  {
    name: 'strict Content-Security-Policy page: styled, works, no violations',
    async run(s) {
      await s.goto('/test/csp/index.html');
      // The policy is in force: an inline style attribute does not apply (and is one violation).
      const probe = await s.evaluate(() => {
        const el = document.createElement('div');
        el.setAttribute('style', 'width: 123px');
        document.body.append(el);
        const width = getComputedStyle(el).width;
        el.remove();
        return width;
      });
      assert.notEqual(probe, '123px', 'inline styles are blocked');
      await s.waitFor('the probe\'s violation', () => window.__engineLog.violations.length > 0);
      assert.deepEqual(await s.evaluate(() => window.__engineLog.violations.splice(0).map((v) => v.split(' ')[0])), ['style-src-attr']);
      assert.equal(await s.ready(), null);
      await s.visible(BANNER);
      const styles = await s.evaluate(() => {
        const root = document.getElementById('samtykke').shadowRoot;
        return {
          adopted: root.adoptedStyleSheets.length,
          styleElements: root.querySelectorAll('style').length,
          position: getComputedStyle(root.querySelector('.banner')).position,
          accept: getComputedStyle(root.querySelector('[data-action="accept-all"]')).backgroundColor,
        };
      });
      assert.deepEqual(styles, { adopted: 1, styleElements: 0, position: 'fixed', accept: 'rgb(29, 78, 216)' }, 'styled by the constructed stylesheet');
      await s.click(bannerButton('accept-all'));
      await s.hidden(BANNER);
      await s.waitFor('the gated script to run', () => window.__analyticsRan === 1);
      await s.waitFor('the iframe to load', () => document.querySelector('iframe[title="Demo video"]').getAttribute('src') === '/video.html');
      await settle(s);
      assert.equal((await stored(s))?.method, 'accept-all');
      assert.deepEqual(await s.evaluate(() => window.__engineLog.violations), [], 'no violations');
    },
    // The probe's own violation is logged by the browser as an error; violations are checked above.
    allowConsoleErrors: /Content.Security.Policy|Refused to apply inline style/i,
  },
];
