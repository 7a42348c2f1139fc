// Language selection and the Do Not Track notice.
import { mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

import { SEL, TIMEOUT, assert, e2e, focused, pageInLanguage, ready, settle, storedRecord, useE2E } from './helpers.mjs';
import { REPO } from './server.mjs';

const env = useE2E({ routes: pageInLanguage });

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

// ---------------------------------------------------------------------------------------------
// Every built-in language, the order in which the language is chosen, right to left, dates, and
// what the visitor sees while (or instead of) a language file loads. Fixture pages: www/test/i18n/.

/** Parses the `key = "value"` lines of a translation file (all that translations/*.toml use). */
function parseTranslation(text, file) {
  const out = {};
  for (const [i, raw] of text.split('\n').entries()) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const m = /^([A-Za-z0-9_]+)\s*=\s*"((?:[^"\\]|\\.)*)"\s*(?:#.*)?$/.exec(line);
    assert.ok(m, `${file}:${i + 1}: not a \`key = "value"\` line: ${raw}`);
    out[m[1]] = JSON.parse(`"${m[2]}"`);
  }
  return out;
}

const TRANSLATIONS = join(REPO, 'translations');
/** code → { key: text }, read from translations/<code>.toml. */
const T = Object.fromEntries(
  readdirSync(TRANSLATIONS)
    .filter((f) => f.endsWith('.toml'))
    .map((f) => [f.slice(0, -'.toml'.length), parseTranslation(readFileSync(join(TRANSLATIONS, f), 'utf8'), f)]),
);
const CODES = Object.keys(T).sort();
const RTL = new Set(['ar', 'he']);
const ARTIFACTS = join(REPO, 'tests', 'e2e', 'artifacts');
const SWITCHER = '#samtykke select[data-action="language"]';

/** The i18n/*.json files the page asked for, in order (e.g. ['fr']). */
const i18nRequests = (requests) =>
  requests.map((u) => /\/i18n\/([^/]+)\.json$/.exec(new URL(u).pathname)?.[1]).filter(Boolean);

/** Waits until samtykke has drawn itself in `code` (the whole .root is replaced on every render). */
const waitForLang = (page, code) => page.locator(`#samtykke .root[lang="${code}"]`).waitFor({ state: 'attached' });

/** lang/dir of the banner root and the labels of the first layer's two choice buttons. */
function shown(page) {
  return page.evaluate(() => {
    const shadow = document.getElementById('samtykke')?.shadowRoot;
    const root = shadow?.querySelector('.root');
    const text = (sel) => shadow?.querySelector(sel)?.textContent.trim() ?? null;
    return {
      lang: root?.getAttribute('lang') ?? null,
      dir: root?.getAttribute('dir') ?? null,
      reject: text('.banner [data-action="reject-all"]'),
      accept: text('.banner [data-action="accept-all"]'),
      banner: shadow?.querySelector('.banner')?.textContent ?? null,
      dnt: text('.banner .dnt:not(.dnt-signal)'),
    };
  });
}

/** Delays every request matching `glob` by `ms` before letting it through. */
async function delay(page, glob, ms) {
  await page.route(glob, async (route) => {
    await new Promise((r) => setTimeout(r, ms));
    await route.continue();
  });
}

// Runs from document start: every animation frame (i.e. before every paint) notes the label of
// samtykke's reject-all button and the .root's lang whenever either changes, plus every change a
// MutationObserver sees between frames once the shadow root exists.
function recordLabels() {
  window.__labels = [];
  const note = (how) => {
    const shadow = document.getElementById('samtykke')?.shadowRoot;
    const button = shadow?.querySelector('[data-action="reject-all"]');
    if (!button) return shadow;
    const seen = { label: button.textContent.trim(), lang: shadow.querySelector('.root')?.getAttribute('lang') ?? null };
    const last = window.__labels[window.__labels.length - 1];
    if (!last || last.label !== seen.label || last.lang !== seen.lang) window.__labels.push({ ...seen, how });
    return shadow;
  };
  let observed = false;
  const frame = () => {
    const shadow = note('frame');
    if (shadow && !observed) {
      observed = true;
      new MutationObserver(() => note('mutation')).observe(shadow, { childList: true, subtree: true, characterData: true });
    }
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
}

e2e(env, `the translations define ${CODES.length} languages and the switcher offers every one of them`, async ({ page, goto }) => {
  assert.deepEqual(
    CODES,
    ['ar', 'bg', 'cs', 'da', 'de', 'el', 'en', 'es', 'et', 'fi', 'fr', 'ga', 'he', 'hr', 'hu', 'is', 'it', 'lt', 'lv', 'mt', 'nb', 'nl', 'pl', 'pt', 'ro', 'sk', 'sl', 'sv', 'tr', 'uk'],
    'translations/*.toml',
  );
  await goto('/');
  await ready(page);
  const select = page.locator(SWITCHER);
  await select.waitFor({ state: 'visible' });
  const options = await select.locator('option').evaluateAll((os) => os.map((o) => ({ value: o.value, text: o.textContent.trim(), lang: o.lang })));
  assert.deepEqual(options.map((o) => o.value).sort(), CODES, 'switcher options');
  for (const o of options) {
    assert.equal(o.text, T[o.value].language_name, `option ${o.value} is named in its own language`);
    assert.equal(o.lang, o.value, `option ${o.value} has lang="${o.value}"`);
  }
});

// 1. <html lang> chooses the language.
for (const code of ['ar', 'he', 'de', 'fr', 'pl', 'el', 'fi', 'uk']) {
  e2e(env, `<html lang="${code}"> shows the banner in ${code}, with that language's own reject-all label`, async ({ page, goto, requests }) => {
    await goto(`/lang/${code}.html`);
    await ready(page);
    await page.locator(SEL.banner).waitFor({ state: 'visible' });
    const s = await shown(page);
    assert.equal(s.lang, code, '.root[lang]');
    assert.equal(s.dir, RTL.has(code) ? 'rtl' : 'ltr', '.root[dir]');
    assert.equal(s.reject, T[code].reject_all, `reject-all is translations/${code}.toml reject_all`);
    assert.equal(s.accept, T[code].accept_all, `accept-all is translations/${code}.toml accept_all`);
    assert.notEqual(s.reject, T.en.reject_all, 'not English');
    assert.ok(!s.banner.includes(T.en.reject_all) && !s.banner.includes(T.en.title), `no English in the banner: ${s.banner}`);
    assert.equal(await page.locator(SWITCHER).inputValue(), code, 'the switcher shows the language');
    await settle(page);
    // The loader guessed right, so its prefetch is the only language request.
    assert.deepEqual(i18nRequests(requests), [code], 'language files fetched');
  });
}

// 2. navigator.languages chooses the language when the page has none.
for (const [locale, code] of [['de-AT', 'de'], ['nn-NO', 'nb'], ['pt-BR', 'pt'], ['zh-CN', 'en']]) {
  e2e(
    env,
    `a browser set to ${locale} gets ${code === 'en' ? 'English' : code} on a page without lang`,
    async ({ page, goto, requests }) => {
      await goto('/test/nolang.html');
      await ready(page);
      await page.locator(SEL.banner).waitFor({ state: 'visible' });
      const languages = await page.evaluate(() => navigator.languages);
      const s = await shown(page);
      assert.equal(s.lang, code, `.root[lang] with navigator.languages=${JSON.stringify(languages)}`);
      assert.equal(s.reject, T[code].reject_all, `reject-all in ${code}`);
      if (code !== 'en') assert.notEqual(s.reject, T.en.reject_all, 'not English');
      await settle(page);
      assert.deepEqual(i18nRequests(requests), code === 'en' ? [] : [code], 'language files fetched (English is built in)');
    },
    { contextOptions: { locale } },
  );
}

// 3. Right to left.
for (const [code, path] of [['en', '/'], ['ar', '/lang/ar.html'], ['he', '/lang/he.html']]) {
  const rtl = RTL.has(code);
  e2e(
    env,
    `in ${code} the banner is anchored at the ${rtl ? 'right' : 'left'} edge and its content runs ${rtl ? 'right to left' : 'left to right'}`,
    async ({ page, goto }) => {
      await goto(path);
      await ready(page);
      const banner = page.locator(SEL.banner);
      await banner.waitFor({ state: 'visible' });
      await waitForLang(page, code);
      mkdirSync(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: join(ARTIFACTS, `i18n-direction-${code}.png`) });
      const geo = await page.evaluate(() => {
        const shadow = document.getElementById('samtykke').shadowRoot;
        const q = (s) => shadow.querySelector(s);
        const box = (el) => {
          const r = el.getBoundingClientRect();
          return { left: r.left, right: r.right, top: r.top, bottom: r.bottom };
        };
        const titleText = document.createRange();
        titleText.selectNodeContents(q('.banner .title'));
        return {
          vw: document.documentElement.clientWidth,
          banner: box(q('.banner')),
          reject: box(q('.banner [data-action="reject-all"]')),
          accept: box(q('.banner [data-action="accept-all"]')),
          titleText: box(titleText),
          bannerPadding: { left: parseFloat(getComputedStyle(q('.banner')).paddingLeft) + parseFloat(getComputedStyle(q('.banner')).borderLeftWidth), right: parseFloat(getComputedStyle(q('.banner')).paddingRight) + parseFloat(getComputedStyle(q('.banner')).borderRightWidth) },
          direction: ['.root', '.banner', '.banner .notice', '.banner .dnt', '.banner [data-action="reject-all"]'].map((s) => [s, getComputedStyle(q(s)).direction]),
          textAlign: ['.root', '.banner', '.banner .notice', '.banner .title'].map((s) => [s, getComputedStyle(q(s)).textAlign]),
        };
      });
      const ctx = JSON.stringify(geo);
      const near = (a, b, what) => assert.ok(Math.abs(a - b) <= 2, `${what}: ${a} is not ~${b} (${ctx})`);
      if (rtl) {
        near(geo.vw - geo.banner.right, 16, 'gap between the banner and the right edge');
        assert.ok(geo.banner.left > geo.vw / 4, `the banner is not at the left (${ctx})`);
        assert.ok(geo.reject.left > geo.accept.right - 1, `reject-all is right of accept-all (${ctx})`);
        near(geo.titleText.right, geo.banner.right - geo.bannerPadding.right, 'title text starts at the right');
      } else {
        near(geo.banner.left, 16, 'gap between the banner and the left edge');
        assert.ok(geo.banner.right < geo.vw * 3 / 4, `the banner is not at the right (${ctx})`);
        assert.ok(geo.reject.right < geo.accept.left + 1, `reject-all is left of accept-all (${ctx})`);
        near(geo.titleText.left, geo.banner.left + geo.bannerPadding.left, 'title text starts at the left');
      }
      near(geo.reject.top, geo.accept.top, 'reject-all and accept-all share a row');
      for (const [sel, dir] of geo.direction) assert.equal(dir, rtl ? 'rtl' : 'ltr', `computed direction of ${sel}`);
      for (const [sel, align] of geo.textAlign) assert.equal(align, 'start', `computed text-align of ${sel}`);

      // The small reopen button stays at inline-start too.
      await page.locator(SEL.bannerButton('reject-all')).click();
      const reopen = page.locator(SEL.reopen);
      await reopen.waitFor({ state: 'visible' });
      const r = await reopen.boundingBox();
      if (rtl) near(geo.vw - (r.x + r.width), 12, 'reopen button gap to the right edge');
      else near(r.x, 12, 'reopen button gap to the left edge');
    },
    { contextOptions: { viewport: { width: 1280, height: 720 } } },
  );
}

// 4. The switcher: no reload, remembered, and the config still wins.
e2e(env, 'the switcher redraws the open banner without a reload, and the pick outlives a reload of an English page', async ({ page, goto, requests }) => {
  await goto('/');
  await ready(page);
  await page.locator(SEL.banner).waitFor({ state: 'visible' });
  assert.equal((await shown(page)).lang, 'en', 'starts in English (<html lang="en">)');
  await page.evaluate(() => {
    window.__samePage = true;
  });
  const documents = () => requests.filter((u) => new URL(u).pathname === '/').length;
  assert.equal(documents(), 1);
  await page.locator(SWITCHER).selectOption('de');
  await waitForLang(page, 'de');
  const s = await shown(page);
  assert.equal(s.reject, T.de.reject_all, 'reject-all in German');
  assert.equal(s.accept, T.de.accept_all, 'accept-all in German');
  assert.ok(s.banner.includes(T.de.title), 'title in German');
  assert.equal(await page.evaluate(() => window.__samePage), true, 'same document: no reload');
  assert.equal(documents(), 1, 'the page was not requested again');
  assert.equal(await page.locator(SEL.banner).isVisible(), true, 'the banner is still open');
  assert.equal(await page.locator(SWITCHER).inputValue(), 'de', 'the switcher shows the pick');
  assert.equal(await storedRecord(page), null, 'switching language is not a choice about consent');
  assert.equal(await page.evaluate(() => localStorage.getItem('samtykke-language')), 'de', 'pick kept under samtykke-language');

  await page.reload();
  await ready(page);
  await page.locator(SEL.banner).waitFor({ state: 'visible' });
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
  assert.equal((await shown(page)).lang, 'de', 'after reload: the pick beats <html lang="en">');
  assert.equal((await shown(page)).reject, T.de.reject_all);

  // Another page of the same site whose config fixes the language: the config wins over the pick.
  await goto('/test/i18n/config-da.html');
  await ready(page);
  await page.locator(SEL.banner).waitFor({ state: 'visible' });
  const da = await shown(page);
  assert.equal(da.lang, 'da', 'config "language": "da" beats the remembered pick "de"');
  assert.equal(da.reject, T.da.reject_all);
});

e2e(env, 'choosing a language with the keyboard leaves focus on the switcher', async ({ page, goto }) => {
  await goto('/');
  await ready(page);
  const select = page.locator(SWITCHER);
  await select.waitFor({ state: 'visible' });
  await select.focus();
  await select.selectOption('fr');
  await waitForLang(page, 'fr');
  const f = await focused(page);
  assert.equal(f?.inSamtykke && f.tag === 'select' && f.action === 'language', true, `focus after the redraw: ${JSON.stringify(f)}`);
});

e2e(env, 'a config language beats <html lang> and the browser language', async ({ page, goto }) => {
  await goto('/test/i18n/config-da.html');
  await ready(page);
  await page.locator(SEL.banner).waitFor({ state: 'visible' });
  const s = await shown(page);
  assert.equal(s.lang, 'da');
  assert.equal(s.reject, T.da.reject_all);
}, { contextOptions: { locale: 'fr-FR' } });

// 5. Do Not Track in every language.
e2e(
  env,
  `the first layer says it does not honour Do Not Track in all ${CODES.length} languages`,
  async ({ page, goto }) => {
    await goto('/');
    await ready(page);
    await page.locator(SEL.banner).waitFor({ state: 'visible' });
    const problems = [];
    for (const code of [...CODES.filter((c) => c !== 'en'), 'en']) {
      await page.evaluate((c) => window.samtykke.setLanguage(c), code);
      await waitForLang(page, code);
      await page.locator(SEL.banner).waitFor({ state: 'visible' });
      const s = await shown(page);
      if (!s.banner.includes('Do Not Track')) problems.push(`${code}: no "Do Not Track" in ${JSON.stringify(s.banner)}`);
      if (s.dnt !== T[code].dnt) problems.push(`${code}: .dnt is ${JSON.stringify(s.dnt)}, translations/${code}.toml has ${JSON.stringify(T[code].dnt)}`);
      if (!T[code].dnt.includes('Do Not Track')) problems.push(`${code}: translations/${code}.toml dnt lacks "Do Not Track"`);
      if (s.reject !== T[code].reject_all) problems.push(`${code}: reject-all is ${JSON.stringify(s.reject)}`);
      if (s.dir !== (RTL.has(code) ? 'rtl' : 'ltr')) problems.push(`${code}: dir=${s.dir}`);
    }
    assert.deepEqual(problems, []);
  },
  { timeout: 60_000 },
);

// 6. Dates in the preferences follow the language.
async function statusAfterAccept(page, goto, codes) {
  await goto('/');
  await ready(page);
  await page.locator(SEL.bannerButton('accept-all')).click();
  await page.locator(SEL.banner).waitFor({ state: 'hidden' });
  const record = await storedRecord(page);
  const out = {};
  for (const code of codes) {
    await page.evaluate((c) => window.samtykke.setLanguage(c), code);
    await waitForLang(page, code);
    if (!(await page.locator(SEL.dialog).isVisible())) await page.evaluate(() => window.samtykke.showPreferences());
    await page.locator(`#samtykke .root[lang="${code}"] [role="dialog"]`).waitFor({ state: 'visible' });
    const status = await page.locator('#samtykke [role="dialog"] .status').textContent();
    const expected = await page.evaluate(
      ([c, r]) => {
        const long = new Intl.DateTimeFormat(c, { dateStyle: 'long' });
        return {
          given: long.format(new Date(r.given)),
          expires: long.format(new Date(r.expires)),
          today: long.format(new Date()),
          month: new Intl.DateTimeFormat(c, { month: 'long' }).format(new Date()),
          englishToday: new Intl.DateTimeFormat('en', { dateStyle: 'long' }).format(new Date()),
        };
      },
      [code, record],
    );
    out[code] = { status, expected };
  }
  return out;
}

e2e(env, 'the date of the choice is written the Danish way after switching to Danish', async ({ page, goto }) => {
  const { da } = await statusAfterAccept(page, goto, ['da']);
  const { status, expected } = da;
  const ctx = `status ${JSON.stringify(status)}, expected ${JSON.stringify(expected)}`;
  assert.ok(status.includes(expected.today), `contains today's date in Danish: ${ctx}`);
  assert.ok(status.includes(expected.month), `contains the Danish month name: ${ctx}`);
  assert.ok(!status.includes(expected.englishToday), `no English date: ${ctx}`);
  assert.equal(status, T.da.consent_status.replace('{given}', expected.given).replace('{expires}', expected.expires), ctx);
});

e2e(env, 'the dates follow the language in Arabic, Greek and Ukrainian too', async ({ page, goto }) => {
  const got = await statusAfterAccept(page, goto, ['ar', 'el', 'uk']);
  for (const [code, { status, expected }] of Object.entries(got)) {
    assert.equal(status, T[code].consent_status.replace('{given}', expected.given).replace('{expires}', expected.expires), `${code}: ${JSON.stringify({ status, expected })}`);
  }
});

// 7. No flash of the wrong language.
async function labelsSeen(page, goto, path, code) {
  await page.addInitScript(recordLabels);
  await goto(path);
  await ready(page);
  await page.locator(SEL.banner).waitFor({ state: 'visible' });
  await settle(page);
  await page.waitForTimeout(300); // a few more frames, in case something redraws late
  const labels = await page.evaluate(() => window.__labels);
  assert.ok(labels.length > 0, 'the recorder saw the banner');
  assert.deepEqual(
    labels.map(({ label, lang }) => ({ label, lang })),
    [{ label: T[code].reject_all, lang: code }],
    `every reject-all label the banner ever showed: ${JSON.stringify(labels)}`,
  );
}

e2e(env, 'with <html lang="fr"> the first reject-all label ever drawn is already French', async ({ page, goto }) => {
  await labelsSeen(page, goto, '/lang/fr.html', 'fr');
});

e2e(env, 'with <html lang="fr"> and a slow fr.json the banner waits for French instead of showing English', async ({ page, goto }) => {
  await delay(page, '**/i18n/fr.json', 600);
  await labelsSeen(page, goto, '/lang/fr.html', 'fr');
});

e2e(env, 'a remembered pick the loader did not guess is drawn without showing the page language or English first', async ({ page, goto, requests }) => {
  await page.addInitScript(() => localStorage.setItem('samtykke-language', 'de'));
  await delay(page, '**/i18n/de.json', 400);
  await labelsSeen(page, goto, '/lang/fr.html', 'de');
  assert.ok(i18nRequests(requests).includes('de'), 'de.json fetched');
});

e2e(env, 'a config language on an English page is drawn without showing English first', async ({ page, goto }) => {
  await delay(page, '**/i18n/da.json', 400);
  await labelsSeen(page, goto, '/test/i18n/config-da.html', 'da');
});

/**
 * A failed language file may be logged as an error by the browser itself ("Failed to load
 * resource"); samtykke must not log an error of its own for it, only a warning.
 */
function assertOnlyNetworkErrorsFor(consoleMessages, file) {
  const errors = consoleMessages
    .filter((m) => m.type === 'error')
    .filter((m) => !(m.text.startsWith('Failed to load resource') && m.url.endsWith(`/i18n/${file}`)));
  assert.deepEqual(errors, [], 'console errors other than the browser reporting the failed request');
}

// 8. A language file that fails.
e2e(env, 'when fr.json is missing the banner is shown in English with a warning, and still works', async ({ page, goto, consoleMessages, requests }) => {
  await page.route('**/i18n/fr.json', (route) => route.fulfill({ status: 404, contentType: 'text/plain', body: 'Not found\n' }));
  await goto('/lang/fr.html');
  assert.equal(await ready(page), null, 'ready: no choice yet');
  await page.locator(SEL.banner).waitFor({ state: 'visible' });
  const s = await shown(page);
  assert.equal(s.lang, 'en', '.root[lang]');
  assert.equal(s.dir, 'ltr');
  assert.equal(s.reject, T.en.reject_all);
  assert.ok(s.banner.includes(T.en.dnt), 'the English first layer is complete');
  assert.deepEqual(i18nRequests(requests).filter((c) => c === 'fr'), ['fr'], 'fr.json was asked for once: a failed prefetch is not repeated');
  const warnings = consoleMessages.filter((m) => m.type === 'warning' && m.text.startsWith('samtykke:'));
  assert.ok(warnings.length >= 1, `a "samtykke:" warning; console: ${JSON.stringify(consoleMessages)}`);
  assert.ok(warnings.some((m) => m.text.includes('fr.json')), `the warning names fr.json: ${JSON.stringify(warnings)}`);
  // Nothing broken: the buttons, the stored choice and the preferences all work, in English.
  await page.locator(SEL.bannerButton('reject-all')).click();
  await page.locator(SEL.banner).waitFor({ state: 'hidden' });
  const record = await storedRecord(page);
  assert.equal(record?.method, 'reject-all', 'the choice is stored');
  assert.equal(record?.language, 'en', 'the record notes the language actually shown');
  await page.locator(SEL.reopen).click();
  await page.locator(SEL.dialog).waitFor({ state: 'visible' });
  assert.ok((await page.locator(SEL.dialog).textContent()).includes(T.en.dialog_title), 'preferences in English');
  assertOnlyNetworkErrorsFor(consoleMessages, 'fr.json');
}, { allowConsoleErrors: true });

e2e(env, 'when the picked language file fails to load the banner stays usable in English', async ({ page, goto, consoleMessages }) => {
  await page.route('**/i18n/fr.json', (route) => route.fulfill({ status: 500, contentType: 'text/plain', body: 'oops\n' }));
  await goto('/');
  await ready(page);
  await page.locator(SWITCHER).selectOption('fr');
  const deadline = Date.now() + TIMEOUT;
  while (!consoleMessages.some((m) => m.type === 'warning' && m.text.startsWith('samtykke:') && m.text.includes('fr.json'))) {
    assert.ok(Date.now() < deadline, `no "samtykke:" warning naming fr.json; console: ${JSON.stringify(consoleMessages)}`);
    await page.waitForTimeout(50);
  }
  await waitForLang(page, 'en');
  const s = await shown(page);
  assert.equal(s.reject, T.en.reject_all);
  await page.locator(SEL.banner).waitFor({ state: 'visible' });
  await page.locator(SEL.bannerButton('accept-all')).click();
  await page.locator(SEL.banner).waitFor({ state: 'hidden' });
  assert.equal((await storedRecord(page))?.language, 'en');
  assertOnlyNetworkErrorsFor(consoleMessages, 'fr.json');
}, { allowConsoleErrors: true });

e2e(env, 'with storageKey "acme" the pick is kept under acme-language and honoured after a reload', async ({ page, goto }) => {
  await goto('/test/i18n/storage-key.html');
  await ready(page);
  await page.locator(SWITCHER).selectOption('sv');
  await waitForLang(page, 'sv');
  const keys = await page.evaluate(() => Object.fromEntries(Object.keys(localStorage).map((k) => [k, localStorage.getItem(k)])));
  assert.deepEqual(keys, { 'acme-language': 'sv' }, 'localStorage after the pick');
  await page.reload();
  await ready(page);
  await page.locator(SEL.banner).waitFor({ state: 'visible' });
  const s = await shown(page);
  assert.equal(s.lang, 'sv', 'after reload');
  assert.equal(s.reject, T.sv.reject_all);
});
