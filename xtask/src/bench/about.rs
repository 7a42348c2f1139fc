//! The section's closing list: how each row is measured, kept next to the code that writes the
//! section; run.mjs is what it describes.

/// What each row means; kept next to the code that measures it (xtask/bench/run.mjs).
pub const ABOUT: &str = "How it is measured (`xtask/bench/run.mjs`):

- Each run is a fresh headless Chromium with an empty profile, 1280×800, en-US. The bench's server
  (the e2e server, `tests/e2e/server.mjs`) serves `dist/` as `/samtykke/`, the demo config
  `www/consent.json`, and the bench's own page: a short article, one gated
  `<script type=\"text/plain\" data-consent=\"analytics\" data-src>` and the loader at the end of
  `<body>` with `data-config=\"/consent.json\"` (page *plain*). Page *preload* adds `<link
  rel=\"preload\" href=\"/samtykke/samtykke_bg.wasm\" as=\"fetch\" crossorigin>` to `<head>`; page
  *inline* has that hint too and the config inline (`<script type=\"application/json\"
  id=\"samtykke-config\">`) instead of `data-config`. The latency is added by the server before every answer. Files are
  served uncompressed with `Cache-Control: max-age=3600` (the page itself with `no-store`).
- Times are from navigation start. *Banner visible*: the first animation frame in which the banner
  has a box in the viewport and is neither hidden nor transparent. The first visit lasts until 2 s
  after navigation and at least 0.5 s after the banner; nothing gated may run in it.
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
- *wasm memory*: the instance's exported `memory`, caught by wrapping `WebAssembly.instantiate` and
  `instantiateStreaming` from an init script (the shipped files have no hook for it), read right
  after instantiation and at the end of each step.
";
