// examples/react-vite: a React 19 + TypeScript (strict) + Vite app that installs dist/ as the npm
// package `samtykke` and uses samtykke/vite and samtykke/react. Built here with its own pinned tools
// (`npm run build`: tsc, then vite build), served as static files, and driven; then once more under
// `vite dev`. Its packages are installed by `cargo xtask setup`.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { before, after } from 'node:test';

import { REPO, freePort } from './server.mjs';
import { SEL, TIMEOUT, assert, e2e, ready, storedRecord, useE2E } from './helpers.mjs';

const APP = join(REPO, 'examples', 'react-vite');
const BUILT = join(APP, 'dist');
const DIST = process.env.SAMTYKKE_DIST ?? join(REPO, 'dist');
const VITE = join(APP, 'node_modules', '.bin', 'vite');

before(() => {
  assert.ok(existsSync(VITE), `${VITE} is missing: run \`cargo xtask setup\``);
  const build = spawnSync('npm', ['run', 'build', '--silent'], { cwd: APP, encoding: 'utf8' });
  assert.equal(build.status, 0, `npm run build in examples/react-vite failed:\n${build.stdout}\n${build.stderr}`);
});

const env = useE2E({ www: BUILT });

const badge = (page, id, granted) => page.locator(`[data-badge="${id}"][data-granted="${granted}"]`);
const noise = (messages) => messages.filter((m) => m.type === 'warning' || m.type === 'error').map((m) => m.text);

/** The walk the issue asks for: banner, a badge that flips without a reload, reload, preferences. */
async function walk({ page, consoleMessages }, open, timeout = TIMEOUT) {
  await open();
  await page.locator(SEL.bannerButton('accept-all')).waitFor({ state: 'visible', timeout });
  await badge(page, 'analytics', false).waitFor({ timeout });
  assert.equal(await ready(page), null, 'first visit: nothing stored');
  await page.evaluate(() => (window.__sameDocument = true));
  await page.locator(SEL.bannerButton('accept-all')).click();
  await badge(page, 'analytics', true).waitFor();
  await badge(page, 'marketing', true).waitFor();
  assert.equal(await page.evaluate(() => window.__sameDocument), true, 'no reload: the hook re-rendered');
  assert.equal((await storedRecord(page)).method, 'accept-all');

  await page.reload();
  await badge(page, 'analytics', true).waitFor({ timeout });
  assert.equal(await page.locator(SEL.banner).isVisible(), false, 'no banner after the choice');
  await page.locator('#root').getByRole('button', { name: 'Cookie settings' }).click();
  await page.locator(SEL.dialog).waitFor({ state: 'visible' });
  // StrictMode runs every effect twice and both badges and the app pass the same options: no
  // "load() was already called" or any other warning.
  assert.deepEqual(noise(consoleMessages), [], 'no warnings or errors in the console');
}

e2e(env, 'example app (vite build): banner, badge flips on accept, stays after reload, preferences, no warnings', async (ctx) => {
  await walk(ctx, () => ctx.goto('/'));
  // The runtime files came from the folder the plugin emitted: named by version and content, and
  // holding exactly what runtime.json lists.
  const { files } = JSON.parse(readFileSync(join(DIST, 'runtime.json'), 'utf8'));
  const version = JSON.parse(readFileSync(join(DIST, 'package.json'), 'utf8')).version;
  const folders = readdirSync(join(BUILT, 'assets')).filter((f) => f.startsWith('samtykke-'));
  assert.equal(folders.length, 1, `one runtime folder in assets/: ${folders}`);
  assert.match(folders[0], new RegExp(`^samtykke-${version.replace(/\./g, '\\.')}-[0-9a-f]{8}$`));
  for (const f of files) assert.ok(existsSync(join(BUILT, 'assets', folders[0], f)), `assets/${folders[0]}/${f}`);
  const wasm = ctx.requests.filter((u) => u.endsWith('/samtykke_bg.wasm')).map((u) => new URL(u).pathname);
  assert.ok(wasm.length >= 1 && wasm.every((p) => p === `/assets/${folders[0]}/samtykke_bg.wasm`), `wasm from ${wasm}`);
});


const dev = { child: null, url: null, log: '' };
before(async () => {
  const port = await freePort();
  // NO_COLOR: with CI set (as in CI), Vite colours its output even into a pipe, and the port it
  // prints would then sit between escape codes.
  dev.child = spawn(VITE, ['--host', '127.0.0.1', '--port', String(port), '--strictPort'], {
    cwd: APP,
    env: { ...process.env, NO_COLOR: '1' },
  });
  dev.child.stdout.on('data', (d) => (dev.log += d));
  dev.child.stderr.on('data', (d) => (dev.log += d));
  const started = Date.now();
  // eslint-disable-next-line no-control-regex
  const plain = () => dev.log.replace(/\x1b\[[0-9;]*m/g, '');
  while (!plain().includes(`:${port}`)) {
    if (dev.child.exitCode !== null || Date.now() - started > 60_000) {
      throw new Error(`vite dev did not start:\n${dev.log}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  dev.url = `http://127.0.0.1:${port}/`;
});
after(() => dev.child?.kill());

e2e(
  env,
  'example app (vite dev): the plugin serves the runtime files; same walk',
  async (ctx) => {
    await walk(ctx, async () => {
      const res = await ctx.page.goto(dev.url);
      assert.equal(res?.status(), 200);
    }, 30_000);
    const wasm = ctx.requests.filter((u) => u.endsWith('/samtykke_bg.wasm')).map((u) => new URL(u).pathname);
    assert.ok(wasm.length >= 1 && wasm.every((p) => /^\/assets\/samtykke-[^/]+\/samtykke_bg\.wasm$/.test(p)), `wasm from ${wasm}`);
  },
  { timeout: 120_000 },
);
