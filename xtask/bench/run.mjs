// The measuring half of `cargo xtask bench`: samtykke alone, in headless Chromium.
//
//   node xtask/bench/run.mjs --runs 9 --latency 0,40 [--dist dist]
//
// xtask starts this and does the rest (medians, docs/benchmarks.md, docs/bench.svg). It prints one
// tab-separated line per fact on stdout and nothing else there:
//
//   meta    <key>   <value>
//   sample  <page>  <latency ms>  <run>  <metric>  <value>
//
// and one updating progress line on stderr. Pages: `plain` (the loader at the end of <body>),
// `preload` (the same with the README's preload hint for the wasm in <head>) and `inline` (the hint
// and the config inline in the page).
//
// A run is a fresh Chromium with a fresh profile: a first visit (until the banner is visible, then
// until 2 s after navigation), a click on accept-all, and a return visit in the same tab with the
// consent stored and the HTTP cache warm. The test server adds the latency before every answer.

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, getPriority, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

import { REPO, startServer } from '../../tests/e2e/server.mjs';
import { cls } from './metrics.mjs';
import { ARGS, CHROMIUM } from '../../tests/e2e/chromium.mjs';

/** The first visit is watched this long after navigation start, and at least SETTLE_MS after the banner. */
const FIRST_VISIT_MS = 2000;
const SETTLE_MS = 500;
const TIMEOUT = 15_000;
const PAGES = ['plain', 'preload', 'inline'];

function parseArgs(argv) {
  const out = { runs: 9, latency: [0, 40], dist: join(REPO, 'dist') };
  for (let i = 0; i < argv.length; i++) {
    const key = argv[i];
    const value = argv[++i];
    if (value === undefined) throw new Error(`${key} needs a value`);
    if (key === '--runs') out.runs = Number(value);
    else if (key === '--latency') out.latency = value.split(',').map(Number);
    else if (key === '--dist') out.dist = resolve(value);
    else throw new Error(`unknown argument ${key}`);
  }
  if (!Number.isInteger(out.runs) || out.runs < 1) throw new Error('--runs must be a whole number ≥ 1');
  if (!out.latency.every((l) => Number.isInteger(l) && l >= 0)) throw new Error('--latency must be whole ms ≥ 0');
  return out;
}

// The bench's own page: a short article, one gated analytics script, the loader with the demo
// site's config (www/consent.json). `preload` adds the README's hint for the wasm; `inline` has the
// hint too and the config inline, as the README suggests, so the loader fetches only the wasm.
const CONFIG = readFileSync(join(REPO, 'www', 'consent.json'), 'utf8').trim();

function page(variant) {
  const preload = variant === 'plain'
    ? ''
    : '<link rel="preload" href="/samtykke/samtykke_bg.wasm" as="fetch" crossorigin>\n';
  const loader = variant === 'inline'
    ? `<script type="application/json" id="samtykke-config">${CONFIG}</script>\n<script src="/samtykke/samtykke.js"></script>`
    : '<script src="/samtykke/samtykke.js" data-config="/consent.json"></script>';
const para = '<p>Lorem ipsum stands in for the text of an ordinary article page: a few paragraphs, '
    + 'a heading and a footer, so the browser has something to lay out and paint before the banner.</p>\n';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>samtykke bench (${variant})</title>
<link rel="icon" href="data:,">
${preload}</head>
<body>
<main><h1>An article</h1>
${para.repeat(6)}</main>
<footer><button type="button" data-samtykke-open>Cookie settings</button></footer>
<script type="text/plain" data-consent="analytics" data-src="/bench/analytics.js"></script>
${loader}
</body>
</html>
`;
}

const ANALYTICS = 'window.__analyticsRan = performance.now();\n';

// Runs in the page before any of its scripts. Records when the banner is first visible, long
// tasks, layout shifts, the click on accept-all, and the wasm instance's memory: the glue's call to
// WebAssembly.instantiate(Streaming) is wrapped here, so the shipped files carry no hook for it.
function probe() {
  if (window !== window.top) return;
  const b = (window.__bench = { bannerAt: null, clickAt: null, longTasks: 0, longTaskMs: 0, shifts: [], memory: null, initialBytes: null });
  const keep = (result) => {
    const instance = result instanceof WebAssembly.Instance ? result : result && result.instance;
    const memory = instance && instance.exports && instance.exports.memory;
    if (memory instanceof WebAssembly.Memory && b.memory === null) {
      b.memory = memory;
      b.initialBytes = memory.buffer.byteLength;
    }
    return result;
  };
  for (const name of ['instantiate', 'instantiateStreaming']) {
    const original = WebAssembly[name];
    if (typeof original !== 'function') continue;
    WebAssembly[name] = function (...args) {
      return original.apply(this, args).then(keep);
    };
  }
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      b.longTasks += 1;
      b.longTaskMs += e.duration;
    }
  }).observe({ type: 'longtask', buffered: true });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) if (!e.hadRecentInput) b.shifts.push([e.startTime, e.value]);
  }).observe({ type: 'layout-shift', buffered: true });
  addEventListener('click', (e) => {
    if (b.clickAt === null) b.clickAt = e.timeStamp;
  }, true);
  const visible = () => {
    const host = document.getElementById('samtykke');
    const el = host && host.shadowRoot && host.shadowRoot.querySelector('.banner');
    if (!el || !el.checkVisibility({ opacityProperty: true, visibilityProperty: true })) return false;
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && r.bottom > 0 && r.top < innerHeight;
  };
  const frame = () => {
    if (visible()) b.bannerAt = performance.now();
    else requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
}

/** What the probe saw, read at the end of a visit. */
function readProbe() {
  const b = window.__bench;
  return {
    bannerAt: b.bannerAt,
    clickAt: b.clickAt,
    longTasks: b.longTasks,
    longTaskMs: b.longTaskMs,
    shifts: b.shifts,
    initialBytes: b.initialBytes,
    memoryBytes: b.memory ? b.memory.buffer.byteLength : null,
    analyticsRan: window.__analyticsRan ?? null,
    now: performance.now(),
  };
}

async function metrics(cdp) {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return Object.fromEntries(metrics.map((m) => [m.name, m.value]));
}

function emit(...fields) {
  process.stdout.write(fields.join('\t') + '\n');
}

async function oneRun(origin, variant, sample, requests) {
  const profile = await mkdtemp(join(tmpdir(), 'samtykke-bench-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    args: ARGS,
    viewport: { width: 1280, height: 800 },
    locale: 'en-US',
  });
  try {
    context.setDefaultTimeout(TIMEOUT);
    await context.addInitScript(probe);
    const page = context.pages()[0] ?? (await context.newPage());
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    // Chromium's own start-up work would otherwise land in the first measurement.
    await page.waitForTimeout(500);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    const url = `${origin}/bench/${variant}.html`;

    // First visit.
    requests.length = 0;
    await page.goto(url, { waitUntil: 'commit' });
    await page.waitForFunction(() => window.__bench && window.__bench.bannerAt !== null, null, { timeout: TIMEOUT });
    await page.waitForFunction(
      ([total, settle]) => performance.now() >= Math.max(total, window.__bench.bannerAt + settle),
      [FIRST_VISIT_MS, SETTLE_MS],
      { timeout: TIMEOUT, polling: 50 },
    );
    const first = await page.evaluate(readProbe);
    const m = await metrics(cdp);
    await cdp.send('HeapProfiler.collectGarbage');
    const heap = (await metrics(cdp)).JSHeapUsedSize;
    if (first.analyticsRan !== null) throw new Error('the gated script ran before any click: not fail-closed');
    if (first.memoryBytes === null) throw new Error('the wasm memory was not found (WebAssembly.instantiate not called?)');
    sample('requests_first', requests.length);
    // How deep the chain of requests is: the page asks for the loader, the loader for the rest.
    sample('last_request_ms', requests[requests.length - 1].at - requests[0].at);
    sample('banner_ms', first.bannerAt);
    sample('script_ms', m.ScriptDuration * 1000);
    sample('task_ms', m.TaskDuration * 1000);
    sample('long_tasks', first.longTasks);
    sample('long_task_ms', first.longTaskMs);
    sample('cls', cls(first.shifts));
    sample('heap_kb', heap / 1024);
    sample('wasm_initial_kb', first.initialBytes / 1024);
    sample('wasm_first_kb', first.memoryBytes / 1024);

    // Accept all: the gated script must then run.
    await page.locator('#samtykke .banner [data-action="accept-all"]').click();
    await page.waitForFunction(() => window.__analyticsRan !== undefined, null, { timeout: TIMEOUT });
    const accepted = await page.evaluate(readProbe);
    sample('accept_ms', accepted.analyticsRan - accepted.clickAt);
    sample('wasm_accept_kb', accepted.memoryBytes / 1024);

    // Return visit: consent stored, HTTP cache warm; about:blank first, so nothing carries over.
    await page.goto('about:blank');
    requests.length = 0;
    await page.goto(url, { waitUntil: 'commit' });
    await page.waitForFunction(() => window.__analyticsRan !== undefined, null, { timeout: TIMEOUT });
    await page.waitForFunction((ms) => performance.now() >= ms, SETTLE_MS * 2, { timeout: TIMEOUT, polling: 50 });
    const back = await page.evaluate(readProbe);
    if (back.bannerAt !== null) throw new Error('the banner showed again on the return visit');
    sample('requests_return', requests.length);
    sample('return_ms', back.analyticsRan);
    sample('wasm_return_kb', back.memoryBytes / 1024);
    if (errors.length) throw new Error(`the page threw: ${errors.join('; ')}`);
  } finally {
    await context.close();
    await rm(profile, { recursive: true, force: true });
  }
}

function chromiumVersion() {
  try {
    return execFileSync(CHROMIUM, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).replace(/ built on .*/s, '').trim();
  } catch {
    return 'unknown';
  }
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const require = createRequire(import.meta.url);
  const cpu = cpus();
  emit('meta', 'chromium', chromiumVersion());
  emit('meta', 'cores', `${cpu.length} × ${(cpu[0]?.model ?? 'unknown').trim()}`);
  emit('meta', 'node', process.version);
  emit('meta', 'playwright', require('playwright-core/package.json').version);
  emit('meta', 'date', new Date().toISOString());
  emit('meta', 'nice', getPriority());
  const load = () => loadavg().map((l) => l.toFixed(2)).join(' / ');
  emit('meta', 'load_start', load());

  let latency = 0;
  // What the server was asked for during the current visit: on a return visit with a warm cache,
  // only the page itself should be here.
  const requests = [];
  const server = await startServer({
    dist: options.dist,
    cacheControl: 'max-age=3600',
    async routes(req, res) {
      requests.push({ url: req.url, at: performance.now() });
      if (latency > 0) await new Promise((r) => setTimeout(r, latency));
      const path = new URL(req.url, 'http://x').pathname;
      const m = /^\/bench\/(plain|preload|inline)\.html$/.exec(path);
      const body = m ? page(m[1]) : path === '/bench/analytics.js' ? ANALYTICS : null;
      if (body === null) return false;
      res.writeHead(200, {
        'Content-Type': m ? 'text/html; charset=utf-8' : 'text/javascript; charset=utf-8',
        'Content-Length': Buffer.byteLength(body),
        // A page is fetched again on every visit, as sites serve HTML; the script may be cached.
        'Cache-Control': m ? 'no-store' : 'max-age=3600',
      });
      res.end(body);
      return true;
    },
  });
  const origin = server.url.replace(/\/$/, '');
  const total = options.latency.length * (options.runs + 1) * PAGES.length;
  let done = 0;
  const progress = (text) => process.stderr.write(`\r\x1b[2Kbench: ${text}`);
  try {
    for (const l of options.latency) {
      latency = l;
      // Run 0 warms the OS file cache and the server; it is not reported. The order of the pages
      // rotates every run, so none always goes first.
      for (let run = 0; run <= options.runs; run++) {
        const order = PAGES.map((_, i) => PAGES[(i + run) % PAGES.length]);
        for (const variant of order) {
          progress(`latency ${l} ms, ${run === 0 ? 'warm-up' : `run ${run}/${options.runs}`}, ${variant} (${done}/${total})`);
          const keep = run > 0;
          await oneRun(origin, variant, (metric, value) => {
            if (keep) emit('sample', variant, l, run, metric, Number(value).toFixed(3));
          }, requests);
          done++;
        }
      }
    }
    progress(`${total} visits done\n`);
    emit('meta', 'load_end', load());
  } finally {
    await server.close();
  }
}

main().catch((err) => {
  process.stderr.write(`\nbench: ${err?.stack ?? err}\n`);
  process.exit(1);
});
