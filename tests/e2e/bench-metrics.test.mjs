// The pure helpers of `cargo xtask bench`'s driver (xtask/bench/), no browser: milliseconds to run.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { cls } from '../../xtask/bench/metrics.mjs';

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
