// Password reset by mail (issue 18): "Forgot your password?" on the login page and in the
// lockout message, the request page (the same answer for any address), the mailed link (the
// journeys' server writes each mail as an .eml file under DATA_DIR/mail), a new password
// twice, and logging in with it. English on a desktop, Chinese on a phone.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  DESKTOP,
  PHONE,
  PASSWORD,
  baseUrl,
  dataDir,
  newPage,
  registerMember,
  screenshot,
  unique,
} from './support.mjs';
import { linkPath, newestMailTo as newestMailIn, plainText } from './mail.mjs';

const NEW_PASSWORD = 'A fresh browser passphrase 8';

/** The newest mail to `email` since `after` that holds a reset link. */
const newestMailTo = (email, after) =>
  newestMailIn(dataDir, email, after, '/reset-password?token=');

/** The reset link of the mail, as a path on the journeys' server. */
const resetPath = (raw) => linkPath(raw, '/reset-password');

async function failLogins(email, times) {
  for (let i = 0; i < times; i++) {
    const res = await fetch(`${baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email, password: 'not the password at all' }),
    });
    assert.equal(res.status, 401);
  }
}

describe('Password reset in the browser', { concurrency: false }, () => {
  test('R1. a member who forgot their password gets a link by mail and logs in with a new one (English, desktop)', async () => {
    const member = await registerMember('Forgetful Fang');
    const page = await newPage('en-US', { viewport: DESKTOP });
    await page.goto('/login');
    await page.getByRole('link', { name: 'Forgot your password?' }).click();
    await page.getByRole('heading', { name: 'Forgot your password' }).waitFor();
    await screenshot(page, 'password-reset-forgot-desktop.png');

    // An unknown address gets the very same answer.
    await page.getByLabel('Email').fill(`${unique('nobody')}@laogao.test`);
    await page.getByRole('button', { name: 'Send the link' }).click();
    const unknownAnswer = await page.getByTestId('reset-requested').textContent();

    const before = Date.now() - 1_000;
    await page.goto('/forgot-password');
    await page.getByLabel('Email').fill(member.email);
    await page.getByRole('button', { name: 'Send the link' }).click();
    const knownAnswer = await page.getByTestId('reset-requested').textContent();
    assert.equal(
      knownAnswer.replace(member.email, '<address>'),
      unknownAnswer.replace(/\S+@laogao\.test/, '<address>'),
    );
    await screenshot(page, 'password-reset-requested-desktop.png');

    const raw = await newestMailTo(member.email, before);
    assert.match(raw, /^Subject: Reset your Laogao Circle password$/m);
    assert.doesNotMatch(raw, /^List-Unsubscribe:/m);
    await page.goto(resetPath(raw));
    await page.getByRole('heading', { name: 'Choose a new password' }).waitFor();
    await page.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
    await page.getByLabel('New password, again').fill(NEW_PASSWORD);
    await screenshot(page, 'password-reset-new-password-desktop.png');
    await page.getByRole('button', { name: 'Set the new password' }).click();
    await page.getByTestId('reset-done').waitFor();
    await screenshot(page, 'password-reset-done-desktop.png');

    // The link works once.
    const used = await newPage('en-US', { viewport: DESKTOP });
    await used.goto(resetPath(raw));
    await used.getByLabel('New password', { exact: true }).fill('Another passphrase 77');
    await used.getByLabel('New password, again').fill('Another passphrase 77');
    await used.getByRole('button', { name: 'Set the new password' }).click();
    await used.getByTestId('reset-invalid').waitFor();
    await used.context().close();

    await page.getByRole('link', { name: 'Log in' }).last().click();
    await page.waitForURL((url) => url.pathname === '/login');
    const form = page.locator('main form');
    await form.getByLabel('Email').fill(member.email);
    await form.getByLabel('Password', { exact: true }).fill(NEW_PASSWORD);
    await form.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('button', { name: 'Log out' }).waitFor();
    await page.context().close();
  });

  test('R2. a locked-out member follows the lockout message to a reset and logs in again (Chinese, phone)', async () => {
    const email = `${unique('locked')}@laogao.test`;
    const res = await fetch(`${baseUrl}/api/auth/register`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Accept-Language': 'zh-CN,zh;q=0.9' },
      body: JSON.stringify({ email, password: PASSWORD, displayName: '锁定的老王' }),
    });
    assert.equal(res.status, 201);
    assert.equal((await res.json()).member.locale, 'zh');
    await failLogins(email, 5);

    const page = await newPage('zh-CN', { viewport: PHONE });
    await page.goto('/login');
    const form = page.locator('main form');
    await form.getByLabel('邮箱').fill(email);
    await form.getByLabel('密码', { exact: true }).fill(PASSWORD);
    await form.getByRole('button', { name: '登录' }).click();
    const locked = page.getByTestId('login-locked');
    await locked.waitFor();
    await screenshot(page, 'password-reset-locked-phone.png');
    await locked.getByRole('link', { name: '也可以通过邮件设置新密码。' }).click();
    await page.getByRole('heading', { name: '忘记密码' }).waitFor();

    const before = Date.now() - 1_000;
    await page.getByLabel('邮箱').fill(email);
    await page.getByRole('button', { name: '发送链接' }).click();
    await page.getByTestId('reset-requested').waitFor();
    await screenshot(page, 'password-reset-requested-phone.png');

    const raw = await newestMailTo(email, before);
    const text = plainText(raw);
    assert.match(text, /锁定的老王，您好/);
    await page.goto(resetPath(raw));
    await page.getByRole('heading', { name: '设置新密码' }).waitFor();
    // Two different passwords are caught before anything is sent.
    await page.getByLabel('新密码', { exact: true }).fill(NEW_PASSWORD);
    await page.getByLabel('再次输入新密码').fill(`${NEW_PASSWORD}!`);
    await page.getByRole('button', { name: '设置新密码' }).click();
    await page.getByText('两次输入的密码不一致。').waitFor();
    await page.getByLabel('再次输入新密码').fill(NEW_PASSWORD);
    await page.getByRole('button', { name: '设置新密码' }).click();
    await page.getByTestId('reset-done').waitFor();
    await screenshot(page, 'password-reset-done-phone.png');

    // The lockout is over: the new password logs in.
    await page.goto('/login');
    await form.getByLabel('邮箱').fill(email);
    await form.getByLabel('密码', { exact: true }).fill(NEW_PASSWORD);
    await form.getByRole('button', { name: '登录' }).click();
    await page.waitForURL((url) => !url.pathname.startsWith('/login'));
    await page.context().close();
  });
});
