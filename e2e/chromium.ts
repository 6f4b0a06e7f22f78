// The Chromium every browser run here uses (end-to-end tests, benchmarks): Debian's, since no
// browser download works on the machines this runs on; SKEIN_CHROMIUM points elsewhere.
export const CHROMIUM = process.env.SKEIN_CHROMIUM ?? '/usr/bin/chromium';

/** No sandbox (containers run as root), no GPU, and none of the browser's own traffic. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
