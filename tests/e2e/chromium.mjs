// How every browser run of the project starts Debian's Chromium: the end-to-end tests and
// `cargo xtask bench` share it. The background-networking switches matter here: without them
// Chromium keeps calling Google's hosts, which this closed network refuses.
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
