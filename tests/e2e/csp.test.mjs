// samtykke under a strict Content-Security-Policy (no 'unsafe-inline'), as the README promises.
// The test server sends the policy for the fixtures in www/test/csp/ only.
import { SEL, assert, e2e, ready, settle, storedRecord, useE2E } from './helpers.mjs';

const STRICT = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'";
const WITH_NONCE = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' 'nonce-abc123'; style-src 'self'";
const STRICT_DYNAMIC = "default-src 'self'; script-src 'nonce-abc123' 'strict-dynamic' 'wasm-unsafe-eval'; style-src 'self'";

const env = useE2E({
  headers: (path) => {
    if (path === '/test/csp/index.html') return { 'Content-Security-Policy': STRICT };
    if (path === '/test/csp/nonce.html') return { 'Content-Security-Policy': WITH_NONCE };
    if (path === '/test/csp/strict-dynamic.html') return { 'Content-Security-Policy': STRICT_DYNAMIC };
    return undefined;
  },
});

// Runs before any page script (Playwright's init scripts are not subject to the page's CSP).
function recordViolations() {
  window.__violations = [];
  document.addEventListener('securitypolicyviolation', (e) => {
    window.__violations.push({
      directive: e.violatedDirective,
      blocked: e.blockedURI,
      source: e.sourceFile,
      line: e.lineNumber,
      sample: e.sample,
    });
  });
}

async function assertNoViolations(page, consoleMessages) {
  const violations = await page.evaluate(() => window.__violations);
  assert.deepEqual(violations, [], `securitypolicyviolation events: ${JSON.stringify(violations)}`);
  // Every console error counts (the test opts out of e2e()'s own check only to leave out the probe's).
  const errors = consoleMessages.filter(
    (m) => (m.type === 'error' || /Content Security Policy|Refused to/i.test(m.text)) && !m.text.includes(PROBE_HASH),
  );
  assert.deepEqual(errors.map((m) => m.text), [], 'console errors (CSP or other)');
}

// The probe below sets style="width: 123px"; Chromium names it by this hash in its console message.
const PROBE = 'width: 123px';
const PROBE_HASH = 'sha256-W04OV0/M70/NLuxzFrxxJZAJCJwS6Cpwy3zZeelnYHI=';

/** The policy really is in force (a page-side check, so a test cannot pass with no CSP at all). */
async function assertPolicyInForce(page, response, policy) {
  assert.equal(response.headers()['content-security-policy'], policy, 'the server sent the policy');
  // An inline style attribute must not apply under this policy.
  const applied = await page.evaluate((probe_) => {
    const probe = document.createElement('div');
    probe.setAttribute('style', probe_);
    document.body.appendChild(probe);
    const w = getComputedStyle(probe).width;
    probe.remove();
    return w;
  }, PROBE);
  assert.notEqual(applied, '123px', 'inline style attributes are blocked, so the policy is active');
  // Forget the probe's own violation (the only one so far is expected to be it).
  const before = await page.evaluate(() => window.__violations.splice(0));
  assert.deepEqual(before.map((v) => v.directive), ['style-src-attr'], `violations so far: ${JSON.stringify(before)}`);
}

async function open(ctx, path, policy) {
  await ctx.page.addInitScript(recordViolations);
  const response = await ctx.page.goto(new URL(path, ctx.url).href);
  assert.equal(response?.status(), 200);
  await assertPolicyInForce(ctx.page, response, policy);
}

/** Computed styles inside the shadow root. */
function shadowStyles(page) {
  return page.evaluate(() => {
    const root = document.getElementById('samtykke').shadowRoot;
    const pick = (el, props) => {
      const cs = getComputedStyle(el);
      return Object.fromEntries(props.map((p) => [p, cs.getPropertyValue(p)]));
    };
    return {
      adopted: root.adoptedStyleSheets.length,
      styleElements: root.querySelectorAll('style').length,
      banner: pick(root.querySelector('.banner'), ['position', 'background-color', 'border-radius']),
      accept: pick(root.querySelector('[data-action="accept-all"]'), ['background-color', 'color', 'font-weight', 'min-height']),
      reject: pick(root.querySelector('[data-action="reject-all"]'), ['background-color', 'color']),
    };
  });
}

e2e(env, 'strict CSP: banner styled, choice saved, gated external script runs, no violations', async (ctx) => {
  const { page, consoleMessages } = ctx;
  await open(ctx, '/test/csp/index.html', STRICT);
  await ready(page);
  await page.locator(SEL.banner).waitFor({ state: 'visible' });
  const styles = await shadowStyles(page);
  assert.equal(styles.adopted, 1, 'one adopted stylesheet');
  assert.equal(styles.styleElements, 0, 'no <style> element (that would need unsafe-inline)');
  // The UA default for a <button> is a light grey with black text and normal weight.
  assert.equal(styles.accept['background-color'], 'rgb(29, 78, 216)', `accept button background (${JSON.stringify(styles)})`);
  assert.equal(styles.accept.color, 'rgb(255, 255, 255)', 'accept button text colour');
  assert.equal(styles.accept['font-weight'], '600', 'accept button weight');
  assert.equal(styles.banner.position, 'fixed', 'the banner is fixed in place');
  assert.equal(styles.banner['background-color'], 'rgb(255, 255, 255)', 'the banner has its background');

  await page.locator(SEL.bannerButton('accept-all')).click();
  await page.locator(SEL.banner).waitFor({ state: 'hidden' });
  await page.waitForFunction(() => window.__analyticsRan === 1);
  await page.locator(SEL.video).and(page.locator('[src="/video.html"]')).waitFor({ state: 'attached' });
  await settle(page);
  assert.equal((await storedRecord(page))?.method, 'accept-all', 'the choice is saved');
  // The reopen control is styled too.
  const reopenPosition = await page.evaluate(() =>
    getComputedStyle(document.getElementById('samtykke-reopen').shadowRoot.querySelector('[data-action="reopen"]')).position,
  );
  assert.equal(reopenPosition, 'fixed', 'the reopen control is styled');
  // The preferences dialog under the policy.
  await page.locator(SEL.reopen).click();
  await page.locator(SEL.dialog).waitFor({ state: 'visible' });
  const backdrop = await page.evaluate(() =>
    getComputedStyle(document.getElementById('samtykke').shadowRoot.querySelector('.backdrop')).position,
  );
  assert.equal(backdrop, 'fixed', 'the dialog backdrop is styled');
  await page.keyboard.press('Escape');
  await page.locator(SEL.dialog).waitFor({ state: 'hidden' });
  await assertNoViolations(page, consoleMessages);
}, { allowConsoleErrors: true });

e2e(env, 'CSP with a nonce: the gated inline script runs after accept and carries the nonce, no violations', async (ctx) => {
  const { page, consoleMessages } = ctx;
  await open(ctx, '/test/csp/nonce.html', WITH_NONCE);
  await ready(page);
  await page.locator(SEL.banner).waitFor({ state: 'visible' });
  await settle(page);
  assert.equal(await page.evaluate(() => window.__inlineRan), undefined, 'nothing ran before the choice');

  await page.locator(SEL.bannerButton('accept-all')).click();
  await page.waitForFunction(() => window.__inlineRan === true && window.__analyticsRan === 1);
  await settle(page);
  const revived = await page.evaluate(() =>
    [...document.querySelectorAll('script[data-samtykke="ran"]')].map((s) => ({
      src: s.getAttribute('src'),
      nonce: s.nonce,
      type: s.getAttribute('type'),
      consent: s.getAttribute('data-consent'),
    })),
  );
  const inline = revived.filter((s) => s.src === null);
  assert.equal(inline.length, 1, `one revived inline script; revived: ${JSON.stringify(revived)}`);
  assert.equal(inline[0].nonce, 'abc123', 'the revived inline script carries the nonce');
  assert.equal(inline[0].type, null, 'the revived script is a classic script (no type)');
  assert.equal(inline[0].consent, 'analytics', 'the revived script keeps its attributes');
  await assertNoViolations(page, consoleMessages);
}, { allowConsoleErrors: true });

e2e(env, "CSP nonce-only with 'strict-dynamic': first decides, and the full module's glue is imported under the loader's trust", async (ctx) => {
  const { page, goto, consoleMessages, requests } = ctx;
  await page.addInitScript(recordViolations);
  await goto('/test/csp/strict-dynamic.html');
  await page.locator(SEL.bannerButton('accept-all')).click();
  await page.waitForFunction(() => window.__inlineRan === true);
  await page.locator(SEL.reopen).click();
  await page.locator(SEL.dialog).waitFor({ state: 'visible' });
  assert.ok(requests.some((u) => new URL(u).pathname === '/samtykke/samtykke_bg.js'), 'the glue was imported');
  const violations = await page.evaluate(() => window.__violations);
  assert.deepEqual(violations, [], `securitypolicyviolation events: ${JSON.stringify(violations)}`);
  assert.deepEqual(consoleMessages.filter((m) => m.type === 'error').map((m) => m.text), []);
});
