// Chromium backend of the engine-neutral driver (driver.mjs): Debian's Chromium through
// playwright-core, started the way every other browser run of the project starts it.
import { ARGS, CHROMIUM } from '../chromium.mjs';

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
      const errors = [];
      page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
      page.on('pageerror', (e) => errors.push(`uncaught: ${e.message}`));
      return {
        goto: (url) => page.goto(url, { waitUntil: 'load' }),
        reload: () => page.reload({ waitUntil: 'load' }),
        evaluate: (source) => page.evaluate(source),
        // Playwright's css engine looks into open shadow roots by itself.
        click: (selector) => page.locator(selector.replaceAll(' >>> ', ' ')).click(),
        press: (key) => page.keyboard.press(KEYS[key]),
        consoleErrors: async () => [...errors],
        close: () => context.close(),
      };
    },
    close: () => browser.close(),
  };
}
