// WebKit backend of the engine-neutral driver (driver.mjs): Debian's WebKitGTK MiniBrowser through
// WebKitWebDriver (W3C WebDriver), driven by selenium-webdriver. WebKitGTK needs a display, so an
// Xvfb of our own runs on whichever display number is free (-displayfd tells us which).
//
// WebDriver classic has no console events: the prelude the test server puts in every page
// (prelude.js) records console errors, and this backend reads them before each navigation.
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { freePort } from '../server.mjs';

import { deep } from './driver.mjs';

export const CLIENT = 'selenium-webdriver';
export const DRIVER = '/usr/bin/WebKitWebDriver';
export const XVFB = '/usr/bin/Xvfb';

/** Debian ships MiniBrowser in libwebkit2gtk-4.1-0, under the architecture's library folder. */
function miniBrowser() {
  for (const arch of readdirSync('/usr/lib').filter((d) => d.endsWith('-linux-gnu'))) {
    const path = `/usr/lib/${arch}/webkit2gtk-4.1/MiniBrowser`;
    try {
      if (readdirSync(`/usr/lib/${arch}/webkit2gtk-4.1`).includes('MiniBrowser')) return path;
    } catch {}
  }
  return '/usr/lib/<arch>-linux-gnu/webkit2gtk-4.1/MiniBrowser';
}

export const NEEDS = () => [DRIVER, XVFB, miniBrowser()];

function startXvfb() {
  const xvfb = spawn(XVFB, ['-displayfd', '3', '-nolisten', 'tcp', '-screen', '0', '1280x1024x24'], {
    stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  xvfb.stderr.on('data', (d) => (stderr += d));
  return new Promise((resolve, reject) => {
    let out = '';
    xvfb.stdio[3].on('data', (d) => {
      out += d;
      if (out.includes('\n')) resolve({ display: `:${out.trim()}`, stop: () => xvfb.kill() });
    });
    xvfb.once('exit', (code) => reject(new Error(`Xvfb exited (${code}): ${stderr.trim()}`)));
  });
}


async function startDriver(display) {
  const port = await freePort();
  const driver = spawn(DRIVER, [`--port=${port}`], {
    env: { ...process.env, DISPLAY: display },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  driver.stderr.on('data', (d) => (stderr += d));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      if ((await fetch(`${url}/status`)).ok) break;
    } catch {}
    if (driver.exitCode !== null || Date.now() > deadline) {
      driver.kill();
      throw new Error(`WebKitWebDriver did not start on port ${port}: ${stderr.trim()}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url, stop: () => driver.kill() };
}

export async function launch() {
  const { Builder, Key } = await import(CLIENT);
  const xvfb = await startXvfb();
  let server;
  let driver;
  try {
    server = await startDriver(xvfb.display);
    driver = await new Builder()
      .usingServer(server.url)
      .withCapabilities({
        browserName: 'MiniBrowser',
        'webkitgtk:browserOptions': { binary: miniBrowser(), args: ['--automation'] },
      })
      .build();
  } catch (err) {
    server?.stop();
    xvfb.stop();
    throw err;
  }
  await driver.manage().window().setRect({ width: 1280, height: 720 });
  const KEYS = { Tab: Key.TAB, Enter: Key.ENTER, Escape: Key.ESCAPE, Space: Key.SPACE };
  const version = (await driver.getCapabilities()).get('browserVersion');
  let base = null; // the origin of the last page, where close() clears what the test left
  return {
    name: 'WebKitGTK',
    version,
    // One browser session for the run (starting MiniBrowser takes seconds); each test's session
    // ends by deleting the cookies and storage it made, so the next starts empty.
    async session() {
      const errors = [];
      const harvest = async () => {
        try {
          const log = await driver.executeScript('return window.__engineLog ? window.__engineLog.errors.splice(0) : [];');
          errors.push(...log);
        } catch {}
      };
      const element = async (selector) => {
        const el = await driver.executeScript(`return (${deep})(arguments[0]);`, selector);
        if (!el) throw new Error(`no element ${selector}`);
        return el;
      };
      return {
        async goto(url) {
          await harvest();
          base = new URL(url).origin;
          await driver.get(url);
        },
        async reload() {
          await harvest();
          await driver.navigate().refresh();
        },
        async evaluate(source) {
          const result = await driver.executeAsyncScript(
            `const done = arguments[arguments.length - 1];
             Promise.resolve().then(() => ${source}).then(
               (json) => done({ json }),
               (e) => done({ error: String((e && e.stack) || e) }));`,
          );
          if (result.error) throw new Error(`in the page: ${result.error}`);
          return result.json;
        },
        click: async (selector) => (await element(selector)).click(),
        async press(key) {
          const actions = driver.actions();
          if (key === 'Shift+Tab') return actions.keyDown(Key.SHIFT).sendKeys(Key.TAB).keyUp(Key.SHIFT).perform();
          return actions.sendKeys(KEYS[key]).perform();
        },
        async consoleErrors() {
          await harvest();
          return [...errors];
        },
        async close() {
          if (base) {
            await driver.get(`${base}/test/faults/blank.html`);
            await driver.executeScript('localStorage.clear(); sessionStorage.clear();');
            await driver.manage().deleteAllCookies();
          }
          await driver.get('about:blank');
        },
      };
    },
    async close() {
      await driver.quit().catch(() => {});
      server.stop();
      xvfb.stop();
    },
  };
}
