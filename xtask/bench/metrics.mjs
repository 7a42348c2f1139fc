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

/**
 * The files a visit fetched, once each, as URL paths: the resource-timing entries' names minus the
 * paths `skip` names (the gated script: the bench's stand-in for a site's own tracker, not the
 * banner's). The page itself is a navigation entry and never among them.
 * @param {{name: string}[]} entries resource-timing entries (or their names)
 * @param {string[]} skip paths left out
 */
export function distinctPaths(entries, skip) {
  const paths = entries.map((e) => new URL(e.name).pathname).filter((p) => !skip.includes(p));
  return [...new Set(paths)].sort();
}

/**
 * How far each wasm instance's memory grew beyond its size at instantiation, in bytes, at the
 * readings `readings` took: one array per reading, instance i's byte length at index i (null when
 * the instance exports no memory). `initial` holds each instance's byte length at instantiation.
 * An instance that appeared only at a later reading counts from that reading on.
 * @param {(number|null)[]} initial
 * @param {(number|null)[][]} readings
 * @returns {(number|null)[]} per instance, the largest growth (0: flat), null without a memory
 */
export function growth(initial, readings) {
  return initial.map((start, i) => {
    if (start === null || start === undefined) return null;
    let most = 0;
    for (const r of readings) if (typeof r[i] === 'number') most = Math.max(most, r[i] - start);
    return most;
  });
}
