// The pure helpers of `cargo xtask bench`'s driver (xtask/bench/), no browser: milliseconds to run.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { cls, distinctPaths, growth } from '../../xtask/bench/metrics.mjs';

test('CLS is the largest session window of layout shifts', () => {
  assert.equal(cls([]), 0);
  assert.equal(cls([[100, 0.1]]), 0.1);
  // Within 1 s of each other: one window.
  assert.equal(cls([[100, 0.1], [900, 0.2], [1800, 0.05]]), 0.1 + 0.2 + 0.05);
  // A gap over 1 s starts a new window; the larger one counts.
  assert.equal(cls([[100, 0.1], [1200, 0.05], [2300, 0.3], [2400, 0.01]]), 0.3 + 0.01);
  // A window ends at 5 s even without a gap.
  const steady = Array.from({ length: 12 }, (_, i) => [i * 900, 0.1]);
  const value = cls(steady);
  assert.ok(Math.abs(value - 0.6) < 1e-9, `six shifts fit in 5 s, got ${value}`);
});

test('the files a visit fetched are counted once each, the skipped ones not at all', () => {
  const entries = [
    { name: 'http://127.0.0.1:1/samtykke/samtykke.js' },
    { name: 'http://127.0.0.1:1/samtykke/samtykke_bg.wasm' },
    { name: 'http://127.0.0.1:1/consent.json' },
    // A preload and the fetch that used it, or a file asked for again: one file.
    { name: 'http://127.0.0.1:1/consent.json' },
    { name: 'http://127.0.0.1:1/bench/analytics.js' },
    { name: 'http://127.0.0.1:1/samtykke/i18n/da.json?x=1' },
  ];
  assert.deepEqual(distinctPaths(entries, ['/bench/analytics.js']), [
    '/consent.json',
    '/samtykke/i18n/da.json',
    '/samtykke/samtykke.js',
    '/samtykke/samtykke_bg.wasm',
  ]);
  assert.deepEqual(distinctPaths([], ['/bench/analytics.js']), []);
});

test('wasm memory growth is per instance, against its own size at instantiation', () => {
  const MB = 1 << 20;
  // One instance, flat at every reading.
  assert.deepEqual(growth([MB], [[MB], [MB]]), [0]);
  // The 1st grew by a 64 KB page at the second reading; the 2nd (made later) stayed flat.
  assert.deepEqual(growth([MB, 128 * 1024], [[MB], [MB + 65536, 128 * 1024]]), [65536, 0]);
  // An instance without a memory is not judged; a missing reading is skipped.
  assert.deepEqual(growth([null, MB], [[null, null], [null, MB]]), [null, 0]);
  assert.deepEqual(growth([], [[]]), []);
});
