// A first visit on a slow phone: how long until the feed is readable.
//
//   node scripts/first-visit.mjs [--url http://localhost:3000] [--runs 5] [--cpu 4] [--identity]
//
// Chromium (CHROMIUM_PATH, default /usr/bin/chromium, driven by playwright-core) at 390×844
// with an empty cache, its network emulated at 1.6 Mbps down, 750 kbps up and 150 ms of
// latency (DevTools' "slow 4G"), optionally its CPU slowed down `--cpu` times. A run ends when
// the first post of the feed is on screen. It prints each run (ms since the navigation began,
// first contentful paint, bytes over the wire per file) and the median. `--identity` asks for
// no compression (`Accept-Encoding: identity`), to see what compression buys. Start a server
// with posts first (`npm run build && npm start`, `npm run seed:demo`).
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';

const { values } = parseArgs({
  options: {
    url: { type: 'string', default: 'http://localhost:3000' },
    runs: { type: 'string', default: '5' },
    cpu: { type: 'string', default: '1' },
    identity: { type: 'boolean', default: false },
  },
});
const runs = Number(values.runs);
const cpu = Number(values.cpu);
const NETWORK = {
  offline: false,
  latency: 150,
  downloadThroughput: 1_600_000 / 8,
  uploadThroughput: 750_000 / 8,
};
const FEED_READABLE = '[data-testid="post-list"] .post-card h2 a';

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});

async function visit() {
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 3,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
  });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Network.emulateNetworkConditions', NETWORK);
  if (values.identity) {
    await cdp.send('Network.setExtraHTTPHeaders', { headers: { 'Accept-Encoding': 'identity' } });
  }
  if (cpu > 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate: cpu });
  const urls = new Map();
  const bytes = new Map();
  cdp.on('Network.responseReceived', ({ requestId, response }) => urls.set(requestId, response));
  cdp.on('Network.loadingFinished', ({ requestId, encodedDataLength }) => {
    const response = urls.get(requestId);
    if (response)
      bytes.set(new URL(response.url).pathname, {
        bytes: encodedDataLength,
        encoding:
          response.headers['content-encoding'] ?? response.headers['Content-Encoding'] ?? '-',
      });
  });
  await page.goto(values.url, { waitUntil: 'commit' });
  await page.locator(FEED_READABLE).first().waitFor({ state: 'visible', timeout: 60_000 });
  const timing = await page.evaluate(() => ({
    readable: performance.now(),
    fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN,
  }));
  await context.close();
  return { ...timing, files: bytes };
}

const results = [];
try {
  for (let run = 1; run <= runs; run += 1) {
    const result = await visit();
    results.push(result);
    const total = [...result.files.values()].reduce((sum, file) => sum + file.bytes, 0);
    console.log(
      `run ${run}: feed readable at ${result.readable.toFixed(0)} ms, first paint ${result.fcp.toFixed(0)} ms, ${(total / 1024).toFixed(1)} KB over the wire`,
    );
    if (run === 1) {
      for (const [path, file] of result.files) {
        console.log(
          `  ${(file.bytes / 1024).toFixed(1).padStart(7)} KB  ${file.encoding.padEnd(4)} ${path}`,
        );
      }
    }
  }
} finally {
  await browser.close();
}
const sorted = results.map((result) => result.readable).sort((a, b) => a - b);
const median = sorted[Math.floor(sorted.length / 2)];
console.log(
  `median: the feed is readable ${median.toFixed(0)} ms after the navigation began ` +
    `(1.6 Mbps, 150 ms, 390×844${cpu > 1 ? `, CPU ${cpu}× slower` : ''}` +
    `${values.identity ? ', uncompressed' : ''}; ${runs} runs)`,
);
