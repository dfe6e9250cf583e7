// Email verification and email change (issue 18), on a server of its own that requires
// verification (EMAIL_VERIFICATION=required; the shared journeys' server runs the embedded
// default, where it is optional). Registration shows the banner, the .eml under DATA_DIR/mail
// holds the link, the link's page confirms the address and the banner goes; in settings the
// address changes once the link mailed to the new one is opened, the old one told.
// English on a desktop, Chinese on a phone.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { linkPath, newestMailTo, plainText } from './mail.mjs';
import { DESKTOP, PASSWORD, PHONE, ROOT, WAIT, browser, screenshot, unique } from './support.mjs';

let server;
let serverLog = '';
let dataDir;
let baseUrl;

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
  while (Date.now() < deadline && server.exitCode === null) {
    const ok = await fetch(`${url}/api/health`)
      .then((res) => res.ok)
      .catch(() => false);
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  throw new Error(`The verification server did not become healthy:\n${serverLog.slice(-4000)}`);
}

/** A page on this file's server, at desktop or phone width. */
async function newPage(locale, viewport) {
  const context = await browser.newContext({ locale, viewport, baseURL: baseUrl });
  const page = await context.newPage();
  page.setDefaultTimeout(WAIT);
  page.on('pageerror', (error) => console.error(`[page error] ${error.message}`));
  return page;
}

/** Registers through the page (the web client's own form), in English or Chinese. */
async function registerInPage(page, { email, displayName, zh }) {
  await page.goto('/register');
  const form = page.locator('main form');
  await form.getByLabel(zh ? '昵称' : 'Display name').fill(displayName);
  await form.getByLabel(zh ? '邮箱' : 'Email').fill(email);
  await form.getByLabel(zh ? '密码' : 'Password', { exact: true }).fill(PASSWORD);
  await form.getByRole('button', { name: zh ? '注册' : 'Join' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/register'));
}

const mailWith = (email, after, path) => newestMailTo(dataDir, email, after, `${path}?token=`);

describe('Email verification in the browser', { concurrency: false }, () => {
  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'laogao-browser-verify-'));
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    const env = { ...process.env };
    delete env.DATABASE_URL;
    delete env.REDIS_URL;
    delete env.SMTP_URL;
    server = spawn(process.execPath, ['dist/main.js'], {
      cwd: ROOT,
      env: {
        ...env,
        NODE_ENV: 'production',
        PORT: String(port),
        DATA_DIR: dataDir,
        LOG_LEVEL: 'warn',
        EMAIL_VERIFICATION: 'required',
        RATE_LIMIT_AUTH_PER_MINUTE: '1000',
        RATE_LIMIT_WRITE_PER_MINUTE: '1000',
        WEB_DIST_DIR: 'web/dist',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    server.stdout.on('data', (chunk) => (serverLog += chunk));
    server.stderr.on('data', (chunk) => (serverLog += chunk));
    await waitForHealth(baseUrl, 90_000);
  });

  after(async () => {
    if (server && server.exitCode === null) {
      const exited = new Promise((resolve) => server.once('exit', resolve));
      server.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
      if (server.exitCode === null) server.kill('SIGKILL');
    }
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  test('V1. a new member confirms the address from the mail, the banner goes, and the address changes from settings (English, desktop)', async () => {
    const page = await newPage('en-US', DESKTOP);
    const email = `${unique('verify')}@laogao.test`;
    const since = Date.now() - 1_000;
    await registerInPage(page, { email, displayName: 'Verifying Vera' });

    const banner = page.getByTestId('verify-banner');
    await banner.waitFor();
    assert.match(await banner.textContent(), new RegExp(`mailed a link to ${email}`));
    await page.getByTestId('email-unverified').waitFor();
    await screenshot(page, 'email-verification-banner-desktop.png');

    // Publishing waits for the address: the server says why.
    await page.goto('/write');
    await page.getByLabel('Title').fill('Before confirming');
    await page.getByLabel('Text (Markdown)').fill('Not yet');
    await page.getByRole('button', { name: 'Publish' }).click();
    await page.getByText('Confirm your email address first').waitFor();

    const raw = await mailWith(email, since, '/verify-email');
    assert.match(raw, /^Subject: Verify your email address for Laogao Circle$/m);
    assert.doesNotMatch(raw, /^List-Unsubscribe:/m);
    assert.match(plainText(raw), /Hello Verifying Vera,/);
    await page.goto(linkPath(raw, '/verify-email'));
    await page.getByRole('heading', { name: 'Confirm your email address' }).waitFor();
    assert.equal(await page.getByTestId('verify-banner').count(), 0);
    await screenshot(page, 'email-verification-confirm-desktop.png');
    await page.getByRole('button', { name: 'Confirm my address' }).click();
    await page.getByTestId('verify-done').waitFor();

    await page.getByRole('link', { name: 'Go to my settings' }).click();
    await page.getByTestId('email-verified').waitFor();
    assert.equal(await page.getByTestId('verify-banner').count(), 0);

    // The link works once.
    const again = await newPage('en-US', DESKTOP);
    await again.goto(linkPath(raw, '/verify-email'));
    await again.getByRole('button', { name: 'Confirm my address' }).click();
    await again.getByTestId('verify-invalid').waitFor();
    await again.context().close();

    // A new address: a wrong password first, then the right one.
    const newEmail = `${unique('moved')}@laogao.test`;
    const section = page.getByTestId('email-address');
    await section.getByLabel('New email address').fill(newEmail);
    await section.getByLabel('Your password').fill('not my password at all');
    await section.getByRole('button', { name: 'Send a confirmation link' }).click();
    await section.getByText('The password is not correct.').waitFor();
    const changeSince = Date.now() - 1_000;
    await section.getByLabel('Your password').fill(PASSWORD);
    await section.getByRole('button', { name: 'Send a confirmation link' }).click();
    await page.getByTestId('email-change-requested').waitFor();
    assert.equal(await page.getByTestId('current-email').textContent(), email);
    await screenshot(page, 'email-change-requested-desktop.png');

    const notice = await newestMailTo(dataDir, email, changeSince, newEmail);
    assert.match(notice, /^Subject: Your Laogao Circle email address is about to change$/m);
    assert.doesNotMatch(notice, /^List-Unsubscribe:/m);
    const confirmation = await mailWith(newEmail, changeSince, '/verify-email');
    assert.match(
      confirmation,
      /^Subject: Confirm the new email address of your Laogao Circle account$/m,
    );
    await page.goto(linkPath(confirmation, '/verify-email'));
    await page.getByRole('button', { name: 'Confirm my address' }).click();
    await page.getByTestId('verify-done').waitFor();
    await page.getByRole('link', { name: 'Go to my settings' }).click();
    await page.getByText(newEmail, { exact: true }).waitFor();
    await page.getByTestId('email-verified').waitFor();
    await screenshot(page, 'email-change-done-desktop.png');
    await page.context().close();
  });

  test('V2. a member asks for a new link from the banner and confirms it (Chinese, phone)', async () => {
    const page = await newPage('zh-CN', PHONE);
    const email = `${unique('verify-zh')}@laogao.test`;
    await registerInPage(page, { email, displayName: '验证的小李', zh: true });
    const banner = page.getByTestId('verify-banner');
    await banner.waitFor();
    assert.match(await banner.textContent(), /确认邮箱后即可发帖/);
    const since = Date.now() - 1_000;
    await banner.getByRole('button', { name: '重新发送链接' }).click();
    await banner.getByText(`新的链接已发送到 ${email}`).waitFor();
    await screenshot(page, 'email-verification-banner-phone.png');

    const raw = await mailWith(email, since, '/verify-email');
    assert.match(plainText(raw), /验证的小李，您好/);
    await page.goto(linkPath(raw, '/verify-email'));
    await page.getByRole('heading', { name: '确认邮箱' }).waitFor();
    await page.getByRole('button', { name: '确认邮箱' }).click();
    await page.getByTestId('verify-done').waitFor();
    await screenshot(page, 'email-verification-done-phone.png');
    await page.goto('/settings');
    await page.getByTestId('email-verified').waitFor();
    assert.equal(await page.getByTestId('verify-banner').count(), 0);
    await page.context().close();
  });
});
