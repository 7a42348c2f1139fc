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
// and one updating progress line on stderr. Pages: `inline` (the README's one script tag with the
// config inline, no hints: the main case, as ../shared/bench embeds samtykke), `data-config` (the
// config from `data-config="/consent.json"`) and `config-preload` (the same with a preload hint for
// that config in <head>, one the loader's fetch really uses: the bench fails if the config is
// requested twice).
//
// A run is two fresh Chromiums, each with a fresh profile. In the first: a first visit (until the
// banner is visible, then until 2 s after navigation), a click on accept-all, and a return visit in
// the same tab with the consent stored and the HTTP cache warm. In the second: the same first visit,
// then a click on "Choose" (the banner's preferences button) until the dialog is visible. The test
// server adds the latency before every answer.

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { brotliCompressSync, constants as zlib } from 'node:zlib';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, getPriority, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

import { REPO, WWW, startServer } from '../../tests/e2e/server.mjs';
import { cls, distinctPaths, growth } from './metrics.mjs';
import { ARGS, CHROMIUM } from '../../tests/e2e/chromium.mjs';

/** The first visit is watched this long after navigation start, and at least SETTLE_MS after the banner. */
const FIRST_VISIT_MS = 2000;
const SETTLE_MS = 500;
const TIMEOUT = 15_000;
const PAGES = ['inline', 'data-config', 'config-preload'];
const CONFIG_PATH = '/consent.json';
const ANALYTICS_PATH = '/bench/analytics.js';
const CHOOSE = '#samtykke [data-action="preferences"]';

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
// site's config (www/consent.json). `inline` is the README's one tag with the config inline, no hints;
// `data-config` names the config file instead; `config-preload` adds a hint for that file. The
// loader fetches the config with `{credentials: 'same-origin'}` (mode cors), and a preload is used
// only by a request with the same mode and credentials mode: `crossorigin` (anonymous: cors,
// same-origin) is what matches; without it the preload is no-cors and Chromium fetches twice.
const CONFIG = readFileSync(join(WWW, 'consent.json'), 'utf8').trim();

function page(variant) {
  const hint = variant === 'config-preload'
    ? `<link rel="preload" href="${CONFIG_PATH}" as="fetch" crossorigin>\n`
    : '';
  const loader = variant === 'inline'
    ? `<script type="application/json" id="samtykke-config">${CONFIG}</script>\n<script src="/samtykke/samtykke.js"></script>`
    : `<script src="/samtykke/samtykke.js" data-config="${CONFIG_PATH}"></script>`;
  const para = '<p>Lorem ipsum stands in for the text of an ordinary article page: a few paragraphs, '
    + 'a heading and a footer, so the browser has something to lay out and paint before the banner.</p>\n';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>samtykke bench (${variant})</title>
<link rel="icon" href="data:,">
${hint}</head>
<body>
<main><h1>An article</h1>
${para.repeat(6)}</main>
<footer><button type="button" data-samtykke-open>Cookie settings</button></footer>
<script type="text/plain" data-consent="analytics" data-src="${ANALYTICS_PATH}"></script>
${loader}
</body>
</html>
`;
}

const ANALYTICS = 'window.__analyticsRan = performance.now();\n';

// Runs in the page before any of its scripts. Records when the banner is first visible, long
// tasks, layout shifts, the first click (accept-all), the click on "Choose" once the driver has armed
// it and when the dialog is first visible after it, and every wasm instance in the order it was made:
// WebAssembly.instantiate(Streaming) and the Instance constructor are wrapped here, so the shipped
// files carry no hook for it. Each instance keeps its memory (exported, or else the one it imports)
// and that memory's size at instantiation.
function probe() {
  if (window !== window.top) return;
  const b = (window.__bench = {
    bannerAt: null, clickAt: null, armChoose: false, chooseAt: null, dialogAt: null,
    longTasks: 0, longTaskMs: 0, shifts: [], wasm: [],
  });
  const Instance = WebAssembly.Instance;
  const Memory = WebAssembly.Memory;
  const seen = new WeakSet();
  const memoryOf = (instance, imports) => {
    const exported = Object.values(instance.exports || {}).find((v) => v instanceof Memory);
    if (exported) return exported;
    for (const ns of Object.values(imports || {})) {
      const imported = ns && typeof ns === 'object' && Object.values(ns).find((v) => v instanceof Memory);
      if (imported) return imported;
    }
    return null;
  };
  const keep = (instance, imports) => {
    if (!(instance instanceof Instance) || seen.has(instance)) return;
    seen.add(instance);
    const memory = memoryOf(instance, imports);
    b.wasm.push({ memory, initialBytes: memory ? memory.buffer.byteLength : null, at: performance.now() });
  };
  for (const name of ['instantiate', 'instantiateStreaming']) {
    const original = WebAssembly[name];
    if (typeof original !== 'function') continue;
    WebAssembly[name] = function (source, imports, ...rest) {
      return original.call(this, source, imports, ...rest).then((result) => {
        keep(result instanceof Instance ? result : result && result.instance, imports);
        return result;
      });
    };
  }
  // A small module may be instantiated synchronously (new WebAssembly.Instance). The proxy keeps
  // `instanceof WebAssembly.Instance` and the prototype as they were.
  WebAssembly.Instance = new Proxy(Instance, {
    construct(target, args, newTarget) {
      const instance = Reflect.construct(target, args, newTarget);
      keep(instance, args[1]);
      return instance;
    },
  });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      b.longTasks += 1;
      b.longTaskMs += e.duration;
    }
  }).observe({ type: 'longtask', buffered: true });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) if (!e.hadRecentInput) b.shifts.push([e.startTime, e.value]);
  }).observe({ type: 'layout-shift', buffered: true });
  // Visible: a box in the viewport, neither hidden nor transparent (itself or an ancestor).
  const visible = (selector) => {
    const host = document.getElementById('samtykke');
    const el = host && host.shadowRoot && host.shadowRoot.querySelector(selector);
    if (!el || !el.checkVisibility({ opacityProperty: true, visibilityProperty: true })) return false;
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && r.bottom > 0 && r.top < innerHeight;
  };
  const dialog = () => {
    if (visible('[role="dialog"]')) b.dialogAt = performance.now();
    else requestAnimationFrame(dialog);
  };
  addEventListener('click', (e) => {
    if (b.clickAt === null) b.clickAt = e.timeStamp;
    if (b.armChoose && b.chooseAt === null) {
      b.chooseAt = e.timeStamp;
      requestAnimationFrame(dialog);
    }
  }, true);
  const frame = () => {
    if (visible('.banner')) b.bannerAt = performance.now();
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
    chooseAt: b.chooseAt,
    dialogAt: b.dialogAt,
    longTasks: b.longTasks,
    longTaskMs: b.longTaskMs,
    shifts: b.shifts,
    // Per instance, in the order they were made: [bytes at instantiation, bytes now].
    wasm: b.wasm.map((w) => [w.initialBytes, w.memory ? w.memory.buffer.byteLength : null]),
    analyticsRan: window.__analyticsRan ?? null,
    // Every file fetched so far: [url, start, encoded body bytes].
    resources: performance.getEntriesByType('resource').map((e) => [e.name, e.startTime, e.encodedBodySize]),
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

/**
 * The brotli (quality 11) size of the file behind a URL path, read from disk where the server
 * serves it from: dist/ for /samtykke/, www/ for the rest. The server sends files uncompressed;
 * this is what they would weigh from a server that compresses, as ../shared/bench counts them.
 */
function brotliSizer(dist) {
  const sizes = new Map();
  return (path) => {
    if (!sizes.has(path)) {
      const file = path.startsWith('/samtykke/')
        ? join(dist, decodeURIComponent(path.slice('/samtykke/'.length)))
        : join(WWW, decodeURIComponent(path));
      let body;
      try {
        body = readFileSync(file);
      } catch {
        // The server answered 404 (a language file guessed wrong?): a few bytes, counted as none.
        process.stderr.write(`\nbench: ${path} was fetched but is not a file (${file}); counted as 0 bytes\n`);
        body = null;
      }
      sizes.set(path, body === null ? 0 : brotliCompressSync(body, {
        params: { [zlib.BROTLI_PARAM_QUALITY]: 11, [zlib.BROTLI_PARAM_SIZE_HINT]: body.length },
      }).length);
    }
    return sizes.get(path);
  };
}

/** The files among resource-timing entries ([url, ...]), sized; samtykke fetches only from the page's origin. */
function brotliTotal(entries, origin, brotli) {
  const elsewhere = entries.filter(([url]) => new URL(url).origin !== origin);
  if (elsewhere.length) throw new Error(`the page fetched from another origin: ${elsewhere.map(([u]) => u).join(', ')}`);
  const files = distinctPaths(entries.map(([name]) => ({ name })), [ANALYTICS_PATH]);
  return files.reduce((sum, path) => sum + brotli(path), 0);
}

/** A fresh Chromium with a fresh profile and the probe, for one flow; closed afterwards. */
async function withChromium(flow) {
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
    // The page's config hint must be used by the loader's fetch: a warning about it breaks the run.
    // Other preload warnings (from whatever dist/ adds) are shown, not fatal.
    page.on('console', (m) => {
      const text = m.text();
      if (!/preload/i.test(text)) return;
      if (text.includes(CONFIG_PATH)) errors.push(`console: ${text}`);
      else process.stderr.write(`\nbench: the page said: ${text}\n`);
    });
    // Chromium's own start-up work would otherwise land in the first measurement.
    await page.waitForTimeout(500);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    await flow(page, cdp);
    if (errors.length) throw new Error(`the page threw: ${errors.join('; ')}`);
  } finally {
    await context.close();
    await rm(profile, { recursive: true, force: true });
  }
}

/** A fresh first visit: until the banner is visible, then until 2 s after navigation (≥ 0.5 s after the banner). */
async function firstVisit(page, url, variant, requests) {
  requests.length = 0;
  await page.goto(url, { waitUntil: 'commit' });
  await page.waitForFunction(() => window.__bench && window.__bench.bannerAt !== null, null, { timeout: TIMEOUT });
  await page.waitForFunction(
    ([total, settle]) => performance.now() >= Math.max(total, window.__bench.bannerAt + settle),
    [FIRST_VISIT_MS, SETTLE_MS],
    { timeout: TIMEOUT, polling: 50 },
  );
  const seen = await page.evaluate(readProbe);
  if (seen.analyticsRan !== null) throw new Error('the gated script ran before any click: not fail-closed');
  if (seen.wasm.length === 0) throw new Error('no wasm instance was found (WebAssembly.instantiate not called?)');
  // The config file is asked for once with data-config (the hint, if any, was used), never inline.
  const config = requests.filter((r) => new URL(r.url, 'http://x').pathname === CONFIG_PATH).length;
  const expected = variant === 'inline' ? 0 : 1;
  if (config !== expected) {
    throw new Error(`${variant}: the server was asked for ${CONFIG_PATH} ${config} times on a first visit, expected ${expected}`);
  }
  return seen;
}

/** Every wasm memory reading of a run, per document: [bytes at instantiation...], [[bytes now...]...]. */
function memorySamples(documents, sample) {
  const initial = [];
  const grown = [];
  for (const { start, readings } of documents) {
    growth(start, readings).forEach((g, i) => {
      if (initial[i] === undefined && start[i] !== null) initial[i] = start[i];
      if (g !== null) grown[i] = Math.max(grown[i] ?? 0, g);
    });
  }
  initial.forEach((bytes, i) => {
    if (bytes === undefined) return;
    sample(`wasm${i + 1}_initial_kb`, bytes / 1024);
    sample(`wasm${i + 1}_growth_kb`, (grown[i] ?? 0) / 1024);
  });
}

async function oneRun(origin, variant, sample, requests, brotli) {
  const url = `${origin}/bench/${variant}.html`;
  const documents = [];
  const start = (seen) => seen.wasm.map(([initialBytes]) => initialBytes);
  const now = (seen) => seen.wasm.map(([, bytes]) => bytes);

  await withChromium(async (page, cdp) => {
    // First visit.
    const first = await firstVisit(page, url, variant, requests);
    const m = await metrics(cdp);
    await cdp.send('HeapProfiler.collectGarbage');
    const heap = (await metrics(cdp)).JSHeapUsedSize;
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
    sample('wasm_instances_first', first.wasm.length);

    // Accept all: the gated script must then run. The first visit's files are those fetched
    // through the click and half a second after the script ran.
    await page.locator('#samtykke .banner [data-action="accept-all"]').click();
    await page.waitForFunction(() => window.__analyticsRan !== undefined, null, { timeout: TIMEOUT });
    await page.waitForFunction((ms) => performance.now() >= window.__analyticsRan + ms, SETTLE_MS, { timeout: TIMEOUT, polling: 50 });
    const accepted = await page.evaluate(readProbe);
    sample('accept_ms', accepted.analyticsRan - accepted.clickAt);
    sample('accept_br_kb', brotliTotal(accepted.resources, origin, brotli) / 1024);
    documents.push({ start: start(accepted), readings: [now(first), now(accepted)] });

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
    documents.push({ start: start(back), readings: [now(back)] });
  });

  // Choose: another fresh first visit, then the banner's preferences button, until the dialog shows.
  await withChromium(async (page) => {
    await firstVisit(page, url, variant, requests);
    await page.evaluate(() => { window.__bench.armChoose = true; });
    requests.length = 0;
    await page.locator(CHOOSE).click();
    try {
      await page.waitForFunction(() => window.__bench.dialogAt !== null, null, { timeout: TIMEOUT, polling: 50 });
    } catch (e) {
      throw new Error(`the dialog did not become visible after the click on ${CHOOSE}: ${e.message}`);
    }
    // Whatever the click asks for afterwards still counts: half a second more.
    await page.waitForFunction((ms) => performance.now() >= window.__bench.dialogAt + ms, SETTLE_MS, { timeout: TIMEOUT, polling: 50 });
    const chose = await page.evaluate(readProbe);
    if (chose.analyticsRan !== null) throw new Error('the gated script ran after opening the preferences');
    const after = chose.resources.filter(([, at]) => at >= chose.chooseAt);
    sample('choose_ms', chose.dialogAt - chose.chooseAt);
    sample('choose_requests', requests.length);
    sample('choose_kb', after.reduce((sum, [, , bytes]) => sum + bytes, 0) / 1024);
    sample('choose_br_kb', brotliTotal(after, origin, brotli) / 1024);
    sample('wasm_instances_choose', chose.wasm.length);
    documents.push({ start: start(chose), readings: [now(chose)] });
  });

  memorySamples(documents, sample);
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
      const m = /^\/bench\/([a-z-]+)\.html$/.exec(path);
      const known = m && PAGES.includes(m[1]);
      const body = known ? page(m[1]) : path === ANALYTICS_PATH ? ANALYTICS : null;
      if (body === null) return false;
      res.writeHead(200, {
        'Content-Type': known ? 'text/html; charset=utf-8' : 'text/javascript; charset=utf-8',
        'Content-Length': Buffer.byteLength(body),
        // A page is fetched again on every visit, as sites serve HTML; the script may be cached.
        'Cache-Control': known ? 'no-store' : 'max-age=3600',
      });
      res.end(body);
      return true;
    },
  });
  const origin = server.url.replace(/\/$/, '');
  const brotli = brotliSizer(options.dist);
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
          }, requests, brotli);
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
