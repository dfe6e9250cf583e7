// The browser journeys' harness (npm run test:browser runs test/browser/run.mjs): starts
// `node dist/main.js` (after `npm run build`) on a free port with a fresh embedded database
// and one Chromium for every journey file, and gives the journeys their helpers: the API as
// a client, members, pages at desktop or phone width, screenshots.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { chromium } from 'playwright-core';
import pg from 'pg';
import sharp from 'sharp';

export const ROOT = new URL('../..', import.meta.url).pathname;
export const SCREENSHOTS = join(ROOT, 'test/browser/screenshots');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const ADMIN = { email: 'admin@laogao.test', password: 'Admin-password-for-browser-tests' };
export const PASSWORD = 'Browser-journey-pass-9';
export const WAIT = 20_000;

let server;
let serverLog = '';
/** The server's DATA_DIR: its embedded database answers on the unix socket there. */
export let dataDir;
export let baseUrl;
export let browser;
let counter = 0;

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

async function waitForHealth(url, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) break;
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  throw new Error(`The server did not become healthy:\n${serverLog.slice(-4000)}`);
}

/** Runs SQL on the server's embedded database, through its unix socket. */
export async function sql(text, values) {
  const client = new pg.Client({
    host: dataDir,
    port: 5432,
    user: 'postgres',
    database: 'postgres',
  });
  await client.connect();
  try {
    return (await client.query(text, values)).rows;
  } finally {
    await client.end();
  }
}

/** Calls the API as `token` (or nobody); throws with the error body on failure. */
export async function call(method, path, { token, body } = {}) {
  const res = await fetch(`${baseUrl}/api${path}`, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  const json = text ? JSON.parse(text) : undefined;
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${text}`);
  return json;
}

export const unique = (name) => `${name}-${Date.now().toString(36)}-${(counter += 1)}`;

export async function registerMember(displayName) {
  const email = `${unique('member')}@laogao.test`;
  const answer = await call('POST', '/auth/register', {
    body: { email, password: PASSWORD, displayName },
  });
  return { email, password: PASSWORD, id: answer.member.id, token: answer.accessToken };
}

export async function makeModerator(member) {
  const admin = await call('POST', '/auth/login', { body: ADMIN });
  await call('PATCH', `/admin/members/${member.id}/role`, {
    token: admin.accessToken,
    body: { role: 'moderator' },
  });
}

export const DESKTOP = { width: 1366, height: 900 };
export const PHONE = { width: 390, height: 844 };

/** A fresh browser context (no shared storage) at desktop width, or `{ viewport: PHONE }`. */
export async function newPage(locale, { viewport = DESKTOP } = {}) {
  const context = await browser.newContext({
    locale,
    viewport,
    baseURL: baseUrl,
  });
  const page = await context.newPage();
  page.setDefaultTimeout(WAIT);
  page.on('pageerror', (error) => console.error(`[page error] ${error.message}`));
  return page;
}

/** Fills and sends the login form the page shows, in English. */
export async function submitLogin(page, member) {
  await page.getByLabel('Email').fill(member.email);
  await page.getByLabel('Password', { exact: true }).fill(member.password);
  await page.getByRole('button', { name: 'Log in' }).click();
}

/** Logs in through the login page, in English. */
export async function logIn(page, member) {
  await page.goto('/login');
  await submitLogin(page, member);
  await page.getByRole('button', { name: 'Log out' }).waitFor();
}

/** A plain PNG of one colour, `width`×`height`, to upload. */
export const picture = (width, height, background) =>
  sharp({ create: { width, height, channels: 3, background } })
    .png()
    .toBuffer();

/** Whether every matched image has loaded (decoded, not a broken image). */
export const loaded = (locator) =>
  locator.evaluateAll((images) =>
    images.every((image) => image.complete && image.naturalWidth > 0),
  );

/**
 * Waits until the picture of our upload `url` in `scope` has loaded: shown by its address
 * (a public post) or, where only some members may read it, read with the session and shown
 * from memory (`data-upload-src`, a `blob:` source).
 */
export async function waitForUploadImage(page, scope, url) {
  const selector = `${scope} img[src="${url}"], ${scope} img[data-upload-src="${url}"]`;
  await page.locator(selector).first().waitFor();
  await page.waitForFunction((css) => {
    const images = [...document.querySelectorAll(css)];
    return images.length > 0 && images.every((img) => img.complete && img.naturalWidth > 0);
  }, selector);
  return page.locator(selector).first();
}

/**
 * A Golden Crown application the rules accept (a brand's CEO, 90 million CNY), with
 * `changes` (the company's name, evidence), under the current privacy agreement.
 */
export async function applicationBody(changes = {}) {
  const rules = await call('GET', '/membership/golden-crown/rules');
  return {
    companyName: 'Journey Trading Co.',
    annualTurnoverCny: 90_000_000,
    isDecisionMaker: true,
    jobTitle: 'CEO',
    organizationType: 'brand',
    motivation: 'To meet operators at our scale.',
    privacyConsent: true,
    privacyAgreementVersion: rules.privacyAgreementVersion,
    ...changes,
  };
}

/**
 * Logs in through the login form's fields at any width and in any language (on a phone the
 * menu hides "Log out", and the labels follow the page's language).
 */
export async function logInThroughForm(page, member) {
  await page.goto('/login');
  const form = page.locator('main form');
  await form.locator('input[name="email"]').fill(member.email);
  await form.locator('input[name="password"]').fill(member.password);
  await form.locator('button[type="submit"]').click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
}

/** Ends the tab's session from elsewhere (signed out from another device). */
export async function endSessionElsewhere(page) {
  const refreshToken = await page.evaluate(() => localStorage.getItem('laogao.refreshToken'));
  const other = await call('POST', '/auth/refresh', { body: { refreshToken } });
  await call('POST', '/auth/logout', {
    token: other.accessToken,
    body: { refreshToken: other.refreshToken },
  });
}

/** What the tab keeps in sessionStorage, as one string to search. */
export const sessionStorageText = (page) =>
  page.evaluate(() => JSON.stringify({ ...sessionStorage }));
export const draftKeys = (page) =>
  page.evaluate(() => Object.keys(sessionStorage).filter((key) => key.startsWith('laogao.draft.')));

/** Fails when the page scrolls sideways at its current width (a phone's most common defect). */
export async function assertNoHorizontalOverflow(page) {
  const { scrollWidth, innerWidth, path } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
    path: location.pathname,
  }));
  assert.ok(
    scrollWidth <= innerWidth,
    `${path} scrolls sideways at ${innerWidth} px: content is ${scrollWidth} px wide`,
  );
}

/** Every screenshot also checks that the page does not scroll sideways. */
export async function screenshot(page, name) {
  await assertNoHorizontalOverflow(page);
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, name), fullPage: true });
}

before(async () => {
  for (const built of ['dist/main.js', 'web/dist/index.html']) {
    if (!existsSync(join(ROOT, built))) {
      throw new Error(`${built} is missing: run npm run build first`);
    }
  }
  if (!existsSync(CHROMIUM))
    throw new Error(`No Chromium at ${CHROMIUM}: apt-get install chromium`);
  dataDir = mkdtempSync(join(tmpdir(), 'laogao-browser-'));
  const port = await freePort();
  baseUrl = `http://127.0.0.1:${port}`;
  const env = { ...process.env };
  delete env.DATABASE_URL;
  delete env.REDIS_URL;
  server = spawn(process.execPath, ['dist/main.js'], {
    cwd: ROOT,
    env: {
      ...env,
      NODE_ENV: 'production',
      PORT: String(port),
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      RATE_LIMIT_AUTH_PER_MINUTE: '1000',
      RATE_LIMIT_WRITE_PER_MINUTE: '1000',
      WEB_DIST_DIR: 'web/dist',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  server.stdout.on('data', (chunk) => (serverLog += chunk));
  server.stderr.on('data', (chunk) => (serverLog += chunk));
  await waitForHealth(baseUrl, 90_000);
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
});

after(async () => {
  await browser?.close();
  if (server && server.exitCode === null) {
    const exited = new Promise((resolve) => server.once('exit', resolve));
    server.kill('SIGTERM');
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
    if (server.exitCode === null) server.kill('SIGKILL');
  }
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});
