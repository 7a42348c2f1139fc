// Chromium backend of the engine-neutral driver (driver.mjs): Debian's Chromium through
// playwright-core, started the way every other browser run of the project starts it.
import { ARGS, CHROMIUM } from '../chromium.mjs';
import { pageSession } from './driver.mjs';

export const CLIENT = 'playwright-core';
export const NEEDS = () => [CHROMIUM];

const KEYS = { Tab: 'Tab', 'Shift+Tab': 'Shift+Tab', Enter: 'Enter', Escape: 'Escape', Space: 'Space' };

export async function launch() {
  const { chromium } = await import(CLIENT);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  return {
    name: 'Chromium',
    version: browser.version(),
    async session() {
      const context = await browser.newContext();
      const page = await context.newPage();
      return pageSession(page, {
        // Playwright's css engine looks into open shadow roots by itself.
        click: (selector) => page.locator(selector.replaceAll(' >>> ', ' ')).click(),
        press: (key) => page.keyboard.press(KEYS[key]),
        close: () => context.close(),
      });
    },
    close: () => browser.close(),
  };
}
