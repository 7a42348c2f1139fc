// The mirror cookie (config key `cookie`): one decision shared by www. and shop. of one site, and
// readable by servers. Chromium resolves *.samtykke.test to the local server (loopback only), so
// the two subdomains are real hosts with their own localStorage and one parent domain.
import { Buffer } from 'node:buffer';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { REPO } from './server.mjs';

import { SEL, assert, e2e, gatedState, ready, serveConfig, settle, storedRecord, trackPage, useE2E } from './helpers.mjs';

const env = useE2E({}, { args: ['--host-resolver-rules=MAP *.samtykke.test 127.0.0.1'] });
const www = () => `http://www.samtykke.test:${env.port}/`;
const shop = () => `http://shop.samtykke.test:${env.port}/`;

const CATEGORIES = [
  { id: 'necessary', required: true },
  { id: 'preferences' },
  // `sam*` would match the mirror cookie: it must survive a rejection all the same.
  { id: 'analytics', cookies: ['_ga', 'sam*'] },
  { id: 'marketing' },
];
const config = (cookie) => ({ revision: '2024-06-17', policyUrl: '/privacy.html', categories: CATEGORIES, cookie });
const SHARED = { domain: 'samtykke.test' };

/** Serves `cookie` as the config's `cookie` key to every page of the context. */
async function withCookie(context, cookie = SHARED) {
  await context.route('**/consent.json', (route) =>
    route.fulfill({ contentType: 'application/json', body: JSON.stringify(config(cookie)) }),
  );
}

/** Reads a cookie value the way a server would: split on `.`, no JSON parser. */
function decode(value) {
  const f = value.split('.');
  assert.equal(f.length, 11, `11 fields in ${value}`);
  const list = (s) => (s === '' ? [] : s.split('~'));
  return {
    format: f[0],
    id: f[1],
    revision: Buffer.from(f[2], 'base64url').toString('utf8'),
    given: Number(f[3]),
    updated: Number(f[4]),
    expires: Number(f[5]),
    granted: list(f[6]),
    denied: list(f[7]),
    method: f[8],
    language: f[9],
    gpc: f[10],
  };
}

/** The cookie value for a localStorage record, as the README documents it: no id by default. */
function encode(record, method = record.method[0], withId = false) {
  const ids = Object.keys(record.categories).sort();
  return [
    '1',
    withId ? record.id : '',
    Buffer.from(record.revision, 'utf8').toString('base64url'),
    Date.parse(record.given),
    Date.parse(record.updated),
    Date.parse(record.expires),
    ids.filter((id) => record.categories[id]).join('~'),
    ids.filter((id) => !record.categories[id]).join('~'),
    method,
    record.language,
    record.gpc ? '1' : '0',
  ].join('.');
}

/** Every `samtykke` cookie in the context. */
async function mirrors(context) {
  return (await context.cookies()).filter((c) => c.name === 'samtykke');
}

/** A record as samtykke would store it, `updated` at `at` (ms). */
function recordAt(at, analytics, id = '11111111-1111-4111-8111-111111111111') {
  const iso = new Date(at).toISOString();
  return {
    v: 1,
    id,
    revision: '2024-06-17',
    given: iso,
    updated: iso,
    expires: new Date(at + 182 * 86_400_000).toISOString(),
    categories: { necessary: true, preferences: false, analytics, marketing: false },
    method: analytics ? 'custom' : 'reject-all',
    language: 'en',
  };
}

async function open(page, url) {
  const res = await page.goto(url);
  assert.equal(res?.status(), 200, `GET ${url}`);
  return ready(page);
}

/** The server-side reader the README shows, taken from the README itself. */
function readmeReader() {
  const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
  const code = /```js\n(function granted\(cookieValue[\s\S]*?)```/.exec(readme)?.[1];
  assert.ok(code, 'the README shows a server-side reader');
  return new Function('Buffer', `${code}; return granted;`)(Buffer);
}

/** Opens www., makes the choice `action` on the banner, returns the record stored. */
async function chooseOnWww(page, action = 'accept-all') {
  await open(page, www());
  await page.locator(SEL.bannerButton(action)).click();
  await page.locator(SEL.reopen).waitFor({ state: 'visible' });
  return storedRecord(page);
}

/** Opens `url` (shop. by default) in a second tab of the context. */
async function secondTab(context, url = shop()) {
  const other = await context.newPage();
  trackPage(other);
  await open(other, url);
  return other;
}

/** Reopens the preferences and presses `action` there (reject-all, withdraw). */
async function inDialog(page, action) {
  await page.locator(SEL.reopen).click();
  await page.locator(SEL.dialogButton(action)).click();
  await page.locator(action === 'withdraw' ? SEL.banner : SEL.reopen).waitFor({ state: 'visible' });
}

const warnings = (messages) => messages.filter((m) => m.type === 'warning').map((m) => m.text);

e2e(env, 'accept writes the cookie with the documented value and attributes', async ({ page, context }) => {
  await withCookie(context);
  const record = await chooseOnWww(page);
  const [cookie, ...more] = await mirrors(context);
  assert.equal(more.length, 0, 'one cookie');
  assert.equal(cookie.domain, '.samtykke.test', 'on the configured parent domain');
  assert.equal(cookie.path, '/');
  assert.equal(cookie.sameSite, 'Lax', 'sameSite defaults to lax');
  assert.equal(cookie.secure, false, 'not Secure on an http page by default');
  assert.equal(cookie.httpOnly, false);
  assert.ok(Math.abs(cookie.expires - Date.parse(record.expires) / 1000) <= 2, 'expires with the record');
  assert.match(cookie.value, /^[A-Za-z0-9._~-]+$/, 'cookie-safe and unchanged by URL-decoding');
  assert.equal(cookie.value, encode(record), 'the documented format');
  const v = decode(cookie.value);
  assert.deepEqual(
    { ...v, given: undefined, updated: undefined, expires: undefined },
    {
      format: '1',
      id: '',
      revision: '2024-06-17',
      given: undefined,
      updated: undefined,
      expires: undefined,
      granted: ['analytics', 'marketing', 'necessary', 'preferences'],
      denied: [],
      method: 'a',
      language: 'en',
      gpc: '0',
    },
  );
  assert.equal(v.updated, Date.parse(record.updated), 'times in epoch milliseconds');
  const granted = readmeReader();
  assert.equal(granted(cookie.value, 'analytics', '2024-06-17'), true, "the README's reader sees the grant");
  assert.equal(granted(cookie.value, 'analytics', '2025-01-01'), false, 'but not under another revision');
  // Rejecting denies `sam*` cookies, but never the mirror itself.
  await inDialog(page, 'reject-all');
  const after = await mirrors(context);
  assert.equal(after.length, 1, 'the mirror cookie survives its own category pattern');
  assert.deepEqual(decode(after[0].value).denied, ['analytics', 'marketing', 'preferences']);
  assert.equal(granted(after[0].value, 'analytics', '2024-06-17'), false, "the README's reader sees the denial");
  assert.equal(after[0].value, encode(await storedRecord(page)));
});

e2e(env, 'after Reject all the cookie carries no id of the visitor unless recordId asks for it', async ({ page, context }) => {
  await withCookie(context);
  await chooseOnWww(page, 'reject-all');
  const seen = () => page.evaluate(() => ({ id: JSON.parse(localStorage.getItem('samtykke')).id, jar: document.cookie }));
  const { id, jar } = await seen();
  assert.match(id, /^[0-9a-f-]{36}$/, 'the record in localStorage has its id');
  assert.match(jar, /(^|; )samtykke=1\.\./, jar);
  assert.ok(!jar.includes(id), `the cookie sent with every request does not carry ${id}: ${jar}`);

  // A site that asks for it gets the id in field 1.
  await context.unroute('**/consent.json');
  await withCookie(context, { ...SHARED, recordId: true });
  await open(page, www());
  const opted = await seen();
  assert.equal(decode((await mirrors(context))[0].value).id, opted.id, 'recordId: true writes the id');
  assert.equal((await mirrors(context))[0].value, encode(await storedRecord(page), 'r', true));
});

e2e(env, 'a host-only strict cookie when configured so', async ({ page, context }) => {
  await withCookie(context, { name: 'consent', sameSite: 'strict' });
  await chooseOnWww(page, 'reject-all');
  const cookies = await context.cookies();
  assert.deepEqual(cookies.map((c) => [c.name, c.domain, c.sameSite]), [['consent', 'www.samtykke.test', 'Strict']]);
  assert.equal(decode(cookies[0].value).method, 'r');
});

e2e(env, 'one decision is shared by two subdomains, without a second banner', async ({ page, context }) => {
  await withCookie(context);
  const record = await chooseOnWww(page);

  const other = await secondTab(context);
  const got = await other.evaluate(() => window.samtykke.getConsent());
  assert.equal(got?.updated, record.updated, 'shop. starts with the decision made on www.');
  const kept = await storedRecord(other);
  assert.match(kept.id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/, 'under an id of its own');
  assert.notEqual(kept.id, record.id, 'the cookie carried no id to share');
  assert.deepEqual({ ...kept, id: record.id }, record, 'and keeps it in its own localStorage');
  await settle(other);
  assert.equal(await other.locator(SEL.banner).count(), 0, 'no banner on shop.');
  await other.waitForFunction(() => window.__analyticsRan === 1);
  assert.equal((await mirrors(context)).length, 1);
});

e2e(env, 'the newer decision wins in both directions', async ({ page, context }) => {
  await withCookie(context);
  const accepted = await chooseOnWww(page);

  // shop. takes the decision over, then the visitor rejects there: the cookie is newer than www.'s record.
  const other = await secondTab(context);
  await inDialog(other, 'reject-all');
  const rejected = await storedRecord(other);
  assert.equal(rejected.given, accepted.given, 'the same consent, changed');

  const got = await open(page, www());
  assert.equal(got.method, 'reject-all', 'www. follows the newer cookie');
  assert.deepEqual(await storedRecord(page), { ...rejected, id: accepted.id }, "and rewrites its localStorage to match, under its own id");
  assert.equal((await gatedState(page)).analyticsRan, undefined);

  // Now the other way: www.'s record is newer than what the cookie holds.
  const newer = recordAt(Date.now() - 1000, true, accepted.id);
  const older = recordAt(Date.now() - 60_000, false, accepted.id);
  await page.evaluate((r) => localStorage.setItem('samtykke', JSON.stringify(r)), newer);
  await context.addCookies([{ name: 'samtykke', value: encode(older), domain: '.samtykke.test', path: '/' }]);
  const again = await open(page, www());
  assert.equal(again.updated, newer.updated, 'localStorage wins when it is newer');
  const cookies = await mirrors(context);
  assert.equal(cookies.length, 1);
  assert.equal(cookies[0].value, encode(newer), 'and the cookie is rewritten to match');
});

e2e(env, 'a corrupt cookie is a warning, never consent, and a valid record repairs it', async ({ page, context, consoleMessages }) => {
  await withCookie(context);
  await context.addCookies([{ name: 'samtykke', value: '1.not.a.record', domain: '.samtykke.test', path: '/' }]);
  assert.equal(await open(page, www()), null, 'no decision');
  await page.locator(SEL.banner).waitFor({ state: 'visible' });
  assert.ok(
    warnings(consoleMessages).some((t) => t.startsWith('samtykke: the cookie `samtykke` is not used: it does not have the 11 fields')),
    JSON.stringify(warnings(consoleMessages)),
  );
  assert.equal((await mirrors(context))[0].value, '1.not.a.record', 'left where it is until the visitor chooses');
  // Coming back to the tab reads the cookie again, but the console is not told twice.
  for (let i = 0; i < 2; i++) await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
  await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 50)));
  const corrupt = warnings(consoleMessages).filter((t) => t.startsWith('samtykke: the cookie `samtykke` is not used'));
  assert.equal(corrupt.length, 1, JSON.stringify(corrupt));

  const record = recordAt(Date.now() - 1000, true);
  await page.evaluate((r) => localStorage.setItem('samtykke', JSON.stringify(r)), record);
  const got = await open(page, www());
  assert.equal(got?.id, record.id, 'the valid record counts');
  assert.equal((await mirrors(context))[0].value, encode(record), 'and the cookie is repaired');

  // A valid cookie takes the place of a corrupt localStorage record.
  await page.evaluate(() => localStorage.setItem('samtykke', '{"v":1,'));
  const back = await open(page, www());
  assert.equal(back?.updated, record.updated, 'the cookie counts');
  assert.deepEqual({ ...(await storedRecord(page)), id: record.id }, record, 'and localStorage is repaired');
  assert.ok(warnings(consoleMessages).some((t) => t.includes('the stored choice under `samtykke` is not used: it is not JSON')));
});

e2e(env, 'a copy on another domain level is cleaned up and the newest copy wins', async ({ page, context, consoleMessages }) => {
  await withCookie(context);
  const older = recordAt(Date.now() - 60_000, false);
  const newer = recordAt(Date.now() - 1000, true);
  // Host-only (left by an earlier config) and on the parent domain: document.cookie shows both.
  await context.addCookies([
    { name: 'samtykke', value: encode(newer), url: www() },
    { name: 'samtykke', value: encode(older), domain: '.samtykke.test', path: '/' },
  ]);
  const got = await open(page, www());
  assert.equal(got?.updated, newer.updated, 'the newest copy wins, wherever it was');
  const cookies = await mirrors(context);
  assert.deepEqual(
    cookies.map((c) => [c.domain, c.value]),
    [['.samtykke.test', encode(newer)]],
    'one copy left, on the configured level',
  );
  assert.equal(consoleMessages.filter((m) => m.type === 'error').length, 0, 'not an error');
});

e2e(env, 'withdrawing on one subdomain withdraws on the other', async ({ page, context }) => {
  await withCookie(context);
  const record = await chooseOnWww(page);

  const other = await secondTab(context);
  await inDialog(other, 'withdraw');
  assert.equal(await storedRecord(other), null, "shop.'s record is gone");
  const [cookie] = await mirrors(context);
  const v = decode(cookie.value);
  assert.equal(v.method, 'w', 'the cookie keeps the withdrawal');
  assert.equal(v.id, '', 'and carries no id');
  assert.deepEqual(v.granted, ['necessary'], 'granting only what is required');
  assert.ok(v.updated > Date.parse(record.updated));
  assert.equal(readmeReader()(cookie.value, 'analytics', '2024-06-17'), false, 'a server sees no grant');

  // www. still has the older record in its localStorage: the withdrawal is newer and wins.
  assert.equal(await open(page, www()), null, 'no consent on www. either');
  await page.locator(SEL.banner).waitFor({ state: 'visible' });
  assert.equal(await storedRecord(page), null, "www.'s older record is removed");
  await settle(page);
  assert.equal((await gatedState(page)).analyticsRan, undefined, 'analytics did not run');
});

e2e(env, 'an open tab on the other subdomain follows when it is shown again', async ({ page, context }) => {
  await withCookie(context);
  await chooseOnWww(page);
  await page.waitForFunction(() => window.__analyticsRan === 1);
  const hostCookies = async (name) => (await context.cookies(www())).filter((c) => c.name === name && c.domain === 'www.samtykke.test');
  assert.equal((await hostCookies('_ga')).length, 1, "the demo analytics set www.'s own _ga");

  const other = await secondTab(context);
  await inDialog(other, 'withdraw');
  assert.equal(await page.evaluate(() => window.samtykke.isGranted('analytics')), true, 'no event reached www. yet');

  await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
  await page.locator(SEL.banner).waitFor({ state: 'visible' });
  assert.equal(await page.evaluate(() => window.samtykke.isGranted('analytics')), false);
  assert.equal(await storedRecord(page), null, "www.'s record is removed");
  assert.deepEqual(await hostCookies('_ga'), [], "and www.'s cookies of the withdrawn category are deleted");
  const changes = (await page.evaluate(() => window.__events)).filter((e) => e.type === 'samtykke:change');
  assert.deepEqual(changes.at(-1).detail, null, 'samtykke:change tells the page');
});

e2e(env, 'another tab of the same subdomain still follows through the storage event', async ({ page, context }) => {
  await withCookie(context);
  await open(page, www());
  const other = await secondTab(context, www());
  await other.locator(SEL.bannerButton('accept-all')).click();
  await page.locator(SEL.banner).waitFor({ state: 'hidden' });
  await page.waitForFunction(() => window.samtykke.isGranted('analytics'));
});

e2e(env, 'a domain that is not a parent of the host fails closed with a clear error', async ({ page, context, consoleMessages }) => {
  await withCookie(context, { domain: 'example.com' });
  assert.equal(await open(page, www()), null);
  await settle(page);
  const errors = consoleMessages.filter((m) => m.type === 'error').map((m) => m.text);
  assert.ok(
    errors.some((t) => t.includes('config key `cookie.domain`: `example.com` is neither this page\'s host `www.samtykke.test` nor a parent domain of it')),
    JSON.stringify(errors),
  );
  assert.equal(await page.locator(SEL.banner).count(), 0, 'no banner: nothing can be stored');
  assert.deepEqual(await mirrors(context), []);
}, { allowConsoleErrors: true });

e2e(env, 'without the cookie key no cookie is written', async ({ page, context }) => {
  await serveConfig(page, config(undefined));
  await chooseOnWww(page);
  await page.waitForFunction(() => window.__analyticsRan === 1);
  assert.deepEqual(await mirrors(context), [], 'the demo analytics sets its cookies, samtykke none');
});
