// Pure helpers of the bench's driver, tested by tests/e2e/bench-metrics.test.mjs (no browser).

/**
 * Cumulative layout shift as Chromium defines it: shifts (without recent input) are grouped into
 * session windows that end after a 1 s gap or at 5 s long; CLS is the largest window's sum.
 * @param {[number, number][]} shifts [startTime ms, value] in time order
 */
export function cls(shifts) {
  let largest = 0;
  let session = 0;
  let first = 0;
  let last = -Infinity;
  for (const [t, v] of shifts) {
    if (t - last > 1000 || t - first > 5000) {
      session = 0;
      first = t;
    }
    session += v;
    last = t;
    largest = Math.max(largest, session);
  }
  return largest;
}
