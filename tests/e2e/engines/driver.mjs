// The small engine-neutral driver the flows in flows.mjs are written against, and the choice of
// backend: Chromium over the DevTools protocol (playwright-core), Firefox ESR over WebDriver BiDi
// (puppeteer-core), WebKitGTK over W3C WebDriver (selenium-webdriver + WebKitWebDriver under Xvfb).
//
// A backend opens one browser and gives out fresh sessions (empty storage, no cookies). A backend
// session has only what every protocol can do:
//   goto(url)          navigates and waits for the load event
//   reload()           reloads and waits for the load event
//   evaluate(source)   runs a JavaScript expression in the page, awaits it if it is a promise and
//                      returns its value (a JSON string here: Session below wraps every call so)
//   click(selector)    a real pointer click on the element; ' >>> ' in a selector steps into the
//                      open shadow root of what the part before it matched
//   press(key)         a real key press: 'Tab', 'Shift+Tab', 'Enter', 'Escape' or 'Space'
//   consoleErrors()    console.error messages and uncaught errors of every page so far
//   close()
// Session adds what is written once for all engines: evaluate(fn, arg), waitFor, ready.

import { existsSync } from 'node:fs';

/** How long one wait may take: generous for a loaded CI box, short enough to fail fast. */
export const TIMEOUT = 10_000;

export const ENGINES = ['chromium', 'firefox', 'webkit'];

/** Finds the element a ' >>> ' selector names (runs in the page; passed to page functions as `$`). */
export function deep(selector) {
  let scope = document;
  let el = null;
  for (const part of selector.split(' >>> ')) {
    if (!scope) return null;
    el = scope.querySelector(part);
    scope = el && el.shadowRoot;
  }
  return el;
}

export class Session {
  /** @param {object} backend a backend session (see above) @param {string} base the server's URL */
  constructor(backend, base) {
    this.backend = backend;
    this.base = base;
  }

  goto(path) {
    return this.backend.goto(new URL(path, this.base).href);
  }

  reload() {
    return this.backend.reload();
  }

  /**
   * Runs fn(arg, $) in the page, where $(selector) finds an element through shadow roots.
   * fn's source is sent, so it must use only its parameters. arg and the result go as JSON.
   */
  async evaluate(fn, arg) {
    const source =
      `Promise.resolve().then(() => (${fn})(${JSON.stringify(arg ?? null)}, ${deep}))` +
      '.then((v) => JSON.stringify(v === undefined ? {} : { v }))';
    const json = await this.backend.evaluate(source);
    return JSON.parse(json).v;
  }

  /** Polls fn(arg, $) in the page until it returns something truthy; returns that. */
  async waitFor(what, fn, arg, timeout = TIMEOUT) {
    const deadline = Date.now() + timeout;
    let last;
    for (;;) {
      try {
        last = await this.evaluate(fn, arg);
        if (last) return last;
      } catch (err) {
        // A navigation in progress destroys the context the poll ran in; poll again.
        last = err;
      }
      if (Date.now() > deadline) throw new Error(`timed out after ${timeout} ms waiting for ${what} (last: ${last})`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** Waits until the element is there and rendered with a size (what a visitor could click). */
  visible(selector) {
    return this.waitFor(`${selector} to be visible`, isVisible, selector);
  }

  /** Waits until the element is gone or not rendered. */
  hidden(selector) {
    return this.waitFor(`${selector} to be hidden`, (sel, $) => !$(sel) || $(sel).getClientRects().length === 0, selector);
  }

  isVisible(selector) {
    return this.evaluate(isVisible, selector);
  }

  /** A real click; fails clearly when something (say, the banner) covers the element's centre. */
  async click(selector) {
    await this.visible(selector);
    const covered = await this.evaluate((sel, $) => {
      const el = $(sel);
      const r = el.getBoundingClientRect();
      if (r.top < 0 || r.bottom > innerHeight) el.scrollIntoView({ block: 'center' });
      const b = el.getBoundingClientRect();
      let hit = document.elementFromPoint(b.x + b.width / 2, b.y + b.height / 2);
      while (hit && hit.shadowRoot) {
        const inner = hit.shadowRoot.elementFromPoint(b.x + b.width / 2, b.y + b.height / 2);
        if (!inner || inner === hit) break;
        hit = inner;
      }
      return hit && (el === hit || el.contains(hit)) ? null : (hit?.outerHTML ?? 'nothing').slice(0, 120);
    }, selector);
    if (covered) throw new Error(`cannot click ${selector}: ${covered} is on top of it`);
    return this.backend.click(selector);
  }

  press(key) {
    return this.backend.press(key);
  }

  consoleErrors() {
    return this.backend.consoleErrors();
  }

  /** What window.samtykke.ready resolved to (waits for it to settle). */
  async ready() {
    await this.waitFor('window.samtykke', () => typeof window.samtykke === 'object' && window.samtykke !== null);
    return this.evaluate(
      (timeout) =>
        Promise.race([
          window.samtykke.ready,
          new Promise((_, reject) => setTimeout(() => reject(new Error(`samtykke.ready did not settle in ${timeout} ms`)), timeout)),
        ]),
      TIMEOUT,
    );
  }

  close() {
    return this.backend.close();
  }
}

function isVisible(sel, $) {
  const el = $(sel);
  if (!el) return false;
  const r = el.getBoundingClientRect();
  return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden';
}

/**
 * A backend session on a Playwright or puppeteer page (their Page APIs agree on these): `click` and
 * `press` differ, and `close` ends what the session opened.
 */
export function pageSession(page, { click, press, close }) {
  const errors = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(`uncaught: ${e.message}`));
  return {
    goto: (url) => page.goto(url, { waitUntil: 'load' }),
    reload: () => page.reload({ waitUntil: 'load' }),
    evaluate: (source) => page.evaluate(source),
    click,
    press,
    consoleErrors: async () => [...errors],
    close,
  };
}

/**
 * Whether this machine can run `engine`: null when it can, else what is missing. Each backend
 * names the files it needs; the npm client is checked by importing it.
 */
export async function missing(engine) {
  const backend = await import(`./${engine}.mjs`);
  const absent = backend.NEEDS().filter((p) => !existsSync(p));
  if (absent.length) return absent.join(', ');
  try {
    await import(backend.CLIENT);
  } catch {
    return `npm package ${backend.CLIENT}`;
  }
  return null;
}

/** Opens the engine's browser: { name, version, session(): backend session, close() }. */
export async function launch(engine) {
  const backend = await import(`./${engine}.mjs`);
  return backend.launch();
}
