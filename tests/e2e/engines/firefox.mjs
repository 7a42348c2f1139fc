// Firefox backend of the engine-neutral driver (driver.mjs): Debian's Firefox ESR over WebDriver
// BiDi, which puppeteer-core speaks to Firefox directly (no geckodriver; Debian has none).
import { pageSession } from './driver.mjs';

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
      return pageSession(page, {
        // puppeteer's ">>>" steps into shadow roots like ours does.
        click: async (selector) => (await page.waitForSelector(selector)).click(),
        async press(key) {
          if (key !== 'Shift+Tab') return page.keyboard.press(KEYS[key]);
          await page.keyboard.down('Shift');
          await page.keyboard.press('Tab');
          await page.keyboard.up('Shift');
        },
        close: () => context.close(),
      });
    },
    close: () => browser.close(),
  };
}
