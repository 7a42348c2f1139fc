//! The section's closing list: how each row is measured, kept next to the code that writes the
//! section; run.mjs is what it describes.

/// What each row means; kept next to the code that measures it (xtask/bench/run.mjs).
pub const ABOUT: &str = "How it is measured (`xtask/bench/run.mjs`):

- Each page and latency is measured in two fresh headless Chromiums, each with an empty profile,
  1280×800, en-US. The bench's server (the e2e server, `tests/e2e/server.mjs`) serves `dist/` as
  `/samtykke/`, the demo config `www/consent.json`, and the bench's own page: a short article, one
  gated `<script type=\"text/plain\" data-consent=\"analytics\" data-src>` and the loader at the end of
  `<body>`. Page *inline* is the README's one script tag with the config inline (`<script
  type=\"application/json\" id=\"samtykke-config\">`) and no hints, as `../shared/bench` embeds
  samtykke. Page *data-config* has `data-config=\"/consent.json\"` instead. Page *config-preload* adds
  `<link rel=\"preload\" href=\"/consent.json\" as=\"fetch\" crossorigin>` to `<head>`: the loader
  fetches the config with `credentials: 'same-origin'` (mode `cors`), and only a hint with
  `crossorigin` has that mode and credentials mode, so only that one is used (without it Chromium
  asks for the file twice). The bench fails if the server is asked for the config other than once
  on a first visit with `data-config`, or if the console mentions an unused preload. The latency is
  added by the server before every answer. Files are served uncompressed with `Cache-Control:
  max-age=3600` (the page itself with `no-store`).
- Times are from navigation start. *Banner visible*: the first animation frame in which the banner
  has a box in the viewport and is neither hidden nor transparent. A first visit lasts until 2 s
  after navigation and at least 0.5 s after the banner; nothing gated may run in it.
- *Click on Choose → dialog visible*: in the second Chromium, after the same first visit, a click on
  `#samtykke [data-action=\"preferences\"]`, from the click event (recorded in the page, capture
  phase) to the first animation frame in which the shadow root's `[role=\"dialog\"]` is visible as
  above. *Requests after Choose*: what the server was asked for from the click until 0.5 s after the
  dialog showed; *bytes after Choose*: the `encodedBodySize` of the resource-timing entries that
  started after the click (as served: uncompressed), and the brotli size of those files as below.
- *Bytes through accept all*: every distinct file the first visit fetched (resource timing) through
  the accept-all click and 0.5 s after the gated script ran, except the page and `analytics.js`,
  each compressed with Node's brotli at quality 11 and summed: the files a compressing server would
  send, as `../shared/bench` counts them. An inline config is part of the page and not counted.
- *Main-thread script* and *tasks*: CDP `Performance.getMetrics` `ScriptDuration` and
  `TaskDuration` at the end of the first visit. *Long tasks*: `longtask` entries (over 50 ms).
  *CLS*: the largest session window of `layout-shift` entries. *JS heap*: `JSHeapUsedSize` after
  `HeapProfiler.collectGarbage`.
- *Accept all → analytics*: from the click event on the banner's accept-all button to the gated
  script running (one request for it). *Return visit*: in the same tab, via `about:blank`, with the
  consent stored and the HTTP cache warm: navigation start to the gated script running.
- *Requests*: what the server was asked for during the visit, the page included; on a return visit
  the cache should leave only the page. *Last request*: when the server received the last request of
  the first visit, counted from the page's request. It shows how many requests wait for another.
- *wasm instances* and *memory*: every instance, in the order a visit made it, caught by wrapping
  `WebAssembly.instantiate`, `instantiateStreaming` and the `WebAssembly.Instance` constructor from
  an init script (the shipped files have no hook for it), with its memory (exported, or else
  imported) and that memory's size at instantiation. With a first-paint module and the full one
  loaded on demand, the 1st is the small one and the 2nd the full one once Choose is clicked; with
  one module there is only a 1st. *At instantiation* is from the first of the visits (first, return,
  Choose) that made an instance with that number; *growth* is the most any instance with that number
  grew beyond its own size at instantiation, read at the end of the first visit, after accept all,
  at the end of the return visit and after Choose (0: flat).
";
