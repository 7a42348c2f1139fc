// Who gets the data (issue 13, item 13): a category's services, shown under it in the preferences
// dialog, with their provider, purpose, retention, cookies and privacy policy link. Their cookies
// are deleted with the category's. Keyboard, axe, a small screen and right-to-left all hold with a
// long list.
import { SEL, assert, axeViolations, cookieNames, e2e, ready, settle, useE2E, waitForCookies } from './helpers.mjs';

const service = (i) => ({
  name: `Service ${i} with a rather long name for a narrow screen`,
  provider: `Provider ${i} Incorporated`,
  purpose: { en: `Measures visits (${i})`, he: `מדידת ביקורים (${i})` },
  retention: '13 months',
  privacyUrl: `https://provider${i}.example/privacy`,
  cookies: [`svc${i}_*`, `svc${i}_session_identifier_that_is_long`],
});

const CONFIG = {
  revision: '2024-06-17',
  policyUrl: '/privacy.html',
  languages: ['en', 'he'],
  categories: [
    { id: 'necessary', required: true },
    { id: 'analytics', services: [
      { name: 'PostHog', provider: 'PostHog Inc.', purpose: { en: 'Product analytics', he: 'ניתוח מוצר' },
        privacyUrl: 'https://posthog.com/privacy', cookies: ['ph_*'], retention: '1 year' },
      ...Array.from({ length: 10 }, (_, i) => service(i)),
    ] },
    { id: 'marketing' },
  ],
};

function routes(req, res) {
  const m = /^\/services\/(en|he)\.html$/.exec(new URL(req.url, 'http://x').pathname);
  if (!m) return false;
  const body = `<!doctype html><html lang="${m[1]}"><head><meta charset="utf-8"><title>Services</title>
<link rel="icon" href="data:,"><meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><main><h1>Services</h1></main><script type="application/json" id="samtykke-config">${JSON.stringify(CONFIG)}</script>
<script src="/samtykke/samtykke.js"></script></body></html>`;
  res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(body);
  return true;
}

const env = useE2E({ routes });

async function openDialog(page, goto, lang = 'en') {
  await goto(`/services/${lang}.html`);
  await ready(page);
  await page.locator(SEL.bannerButton('preferences')).click();
  await page.locator(SEL.dialog).waitFor();
}

e2e(env, 'the dialog lists a category\'s services with their details and a link that keeps no opener', async ({ page, goto }) => {
  await openDialog(page, goto);
  const first = await page.evaluate(() => {
    const root = document.getElementById('samtykke').shadowRoot;
    const cat = root.querySelector('input[data-category="analytics"]').closest('li');
    const s = cat.querySelector('.services .service');
    const a = s.querySelector('a');
    return {
      count: cat.querySelectorAll('.service').length,
      name: s.querySelector('.service-name').textContent,
      details: [...s.querySelectorAll('dt')].map((dt) => `${dt.textContent}=${dt.nextElementSibling.textContent}`),
      link: { href: a.getAttribute('href'), target: a.getAttribute('target'), rel: a.getAttribute('rel'), text: a.textContent },
      elsewhere: root.querySelectorAll('input[data-category="marketing"] ~ .services, li:not(:has(input[data-category="analytics"])) .service').length,
    };
  });
  assert.deepEqual(first, {
    count: 11,
    name: 'PostHog',
    details: ['Provider=PostHog Inc.', 'Purpose=Product analytics', 'Kept for=1 year', 'Cookies=ph_*'],
    link: { href: 'https://posthog.com/privacy', target: '_blank', rel: 'noopener noreferrer', text: 'Privacy policy of PostHog' },
    elsewhere: 0,
  });
  const opened = await page.evaluate(() => {
    const a = document.getElementById('samtykke').shadowRoot.querySelector('.service a');
    return a.relList.contains('noopener') && a.relList.contains('noreferrer');
  });
  assert.equal(opened, true);
});

e2e(env, 'with a long list of services the dialog is axe clean and the keyboard reaches every policy link', async ({ page, goto }) => {
  await openDialog(page, goto);
  assert.deepEqual(await axeViolations(page), []);
  const links = new Set();
  for (let i = 0; i < 60 && links.size < 11; i++) {
    await page.keyboard.press('Tab');
    const href = await page.evaluate(() => {
      const el = document.getElementById('samtykke').shadowRoot.activeElement;
      return el?.closest('.service') ? el.getAttribute('href') : null;
    });
    if (href) links.add(href);
  }
  assert.equal(links.size, 11, `Tab reached ${links.size} of 11 policy links`);
});

e2e(env, 'on a small screen the services wrap inside the dialog, which scrolls vertically only', async ({ page, goto }) => {
  await openDialog(page, goto);
  const m = await page.evaluate(() => {
    const dialog = document.getElementById('samtykke').shadowRoot.querySelector('.dialog');
    const r = dialog.getBoundingClientRect();
    return { wide: dialog.scrollWidth > dialog.clientWidth + 1, right: r.right, vw: innerWidth, scrolls: dialog.scrollHeight > dialog.clientHeight };
  });
  assert.equal(m.wide, false, 'nothing sticks out sideways');
  assert.ok(m.right <= m.vw, `the dialog fits the screen (${m.right} <= ${m.vw})`);
  assert.equal(m.scrolls, true, 'the long list scrolls in the dialog');
}, { contextOptions: { viewport: { width: 320, height: 568 } } });

e2e(env, 'in Hebrew the services are indented from the right and show the Hebrew purpose', async ({ page, goto }) => {
  await openDialog(page, goto, 'he');
  const m = await page.evaluate(() => {
    const root = document.getElementById('samtykke').shadowRoot;
    const list = root.querySelector('.services');
    const cs = getComputedStyle(list);
    return { dir: root.querySelector('.root').getAttribute('dir'), right: cs.paddingRight, left: cs.paddingLeft, text: list.textContent };
  });
  assert.deepEqual({ dir: m.dir, right: m.right, left: m.left }, { dir: 'rtl', right: '32px', left: '0px' });
  assert.match(m.text, /ניתוח מוצר/);
  assert.doesNotMatch(m.text, /Product analytics/);
});

e2e(env, 'a service\'s cookies are deleted when its category is denied', async ({ page, context, goto, origin }) => {
  await context.addCookies([{ name: 'ph_abc', value: '1', url: origin }, { name: 'keep', value: '1', url: origin }]);
  await goto('/services/en.html');
  await ready(page);
  await page.locator(SEL.bannerButton('reject-all')).click();
  await waitForCookies(context, (names) => !names.includes('ph_abc'), 'ph_abc deleted');
  await settle(page);
  assert.deepEqual(await cookieNames(context), ['keep']);
});
