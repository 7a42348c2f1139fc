// Firefox backend of the engine-neutral driver (driver.mjs): Debian's Firefox ESR over WebDriver
// BiDi, which puppeteer-core speaks to Firefox directly (no geckodriver; Debian has none).
export const CLIENT = 'puppeteer-core';
export const FIREFOX = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
export const NEEDS = () => [FIREFOX];

const KEYS = { Tab: 'Tab', Enter: 'Enter', Escape: 'Escape', Space: ' ' };

export async function launch() {
  const { default: puppeteer } = await import(CLIENT);
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX,
    headless: true,
    defaultViewport: { width: 1280, height: 720 },
    // Nothing but the test server: no update checks, telemetry or remote settings on a closed network.
    extraPrefsFirefox: {
      'app.update.enabled': false,
      'browser.shell.checkDefaultBrowser': false,
      'datareporting.policy.dataSubmissionEnabled': false,
      'toolkit.telemetry.enabled': false,
      'network.captive-portal-service.enabled': false,
    },
  });
  return {
    name: 'Firefox',
    version: await browser.version(),
    async session() {
      // A user context of its own: storage and cookies start empty.
      const context = await browser.createBrowserContext();
      const page = await context.newPage();
      const errors = [];
      page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
      page.on('pageerror', (e) => errors.push(`uncaught: ${e.message}`));
      return {
        goto: (url) => page.goto(url, { waitUntil: 'load' }),
        reload: () => page.reload({ waitUntil: 'load' }),
        evaluate: (source) => page.evaluate(source),
        // puppeteer's ">>>" steps into shadow roots like ours does.
        click: async (selector) => (await page.waitForSelector(selector)).click(),
        async press(key) {
          if (key !== 'Shift+Tab') return page.keyboard.press(KEYS[key]);
          await page.keyboard.down('Shift');
          await page.keyboard.press('Tab');
          await page.keyboard.up('Shift');
        },
        consoleErrors: async () => [...errors],
        close: () => context.close(),
      };
    },
    close: () => browser.close(),
  };
}
