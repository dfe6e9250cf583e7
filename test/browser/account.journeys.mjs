// Account owners (issue 16): the password, the data export, notifications that name their
// actor and never lead to a 404, gated posts and the lounge that explain themselves, a
// suspended member in chat, the login lockout, server messages in Chinese, and the privacy
// agreement from the footer. Account deletion is journey 9 in journeys.mjs.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, test } from 'node:test';
import {
  DESKTOP,
  PHONE,
  baseUrl,
  call,
  makeModerator,
  newPage,
  registerMember,
  screenshot,
  submitLogin,
  unique,
  logInThroughForm,
} from './support.mjs';

/** A screenshot at desktop and at phone width, each checking that nothing scrolls sideways. */
async function bothWidths(page, name) {
  const before = page.viewportSize();
  for (const [label, viewport] of [
    ['desktop', DESKTOP],
    ['phone', PHONE],
  ]) {
    await page.setViewportSize(viewport);
    await screenshot(page, `account-${name}-${label}.png`);
  }
  await page.setViewportSize(before);
}

describe('Account owners in the browser', { concurrency: false }, () => {
  test('A1. a member changes the password: a wrong current one is refused, the new one logs in', async () => {
    const member = await registerMember('Password Pan');
    const page = await newPage('en-US', { viewport: PHONE });
    await logInThroughForm(page, member);
    await page.goto('/settings');
    const section = page.getByRole('region', { name: 'Change my password' });
    const newPassword = `${member.password}-renewed`;

    await section.getByLabel('Current password').fill('not-my-password-at-all');
    await section.getByLabel('New password', { exact: true }).fill(newPassword);
    await section.getByLabel('New password, once more').fill(newPassword);
    await section.getByRole('button', { name: 'Change my password' }).click();
    await section
      .getByRole('alert')
      .filter({ hasText: 'Your current password is not correct.' })
      .waitFor();
    assert.equal(await section.getByLabel('Current password').getAttribute('aria-invalid'), 'true');
    await bothWidths(page, 'password-wrong-current');

    await section.getByLabel('Current password').fill(member.password);
    await section.getByRole('button', { name: 'Change my password' }).click();
    await section
      .getByRole('status')
      .filter({ hasText: 'Every other device was signed out; you stay signed in here.' })
      .waitFor();
    await bothWidths(page, 'password-changed');

    // The old password is gone; the new one logs in, here and through the API.
    const old = await fetch(`${baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: member.email, password: member.password }),
    });
    assert.equal(old.status, 401);
    const fresh = await newPage('en-US');
    await logInThroughForm(fresh, { email: member.email, password: newPassword });
    await fresh.getByRole('button', { name: 'Log out' }).waitFor();
    await fresh.context().close();
    await page.context().close();
  });

  test('A2. a member downloads their data: a dated JSON file with their email', async () => {
    const member = await registerMember('Export Er');
    const page = await newPage('zh-CN');
    await logInThroughForm(page, member);
    await page.goto('/settings');
    const section = page.getByRole('region', { name: '我的数据' });
    await section.getByText('一个 JSON 文件').waitFor();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      section.getByRole('button', { name: '下载我的数据' }).click(),
    ]);
    assert.match(download.suggestedFilename(), /^laogao-my-data-\d{4}-\d{2}-\d{2}\.json$/);
    const data = JSON.parse(await readFile(await download.path(), 'utf8'));
    assert.equal(data.memberId, member.id);
    assert.equal(data.profile.email, member.email);
    await section.getByRole('status').filter({ hasText: '您的数据已下载。' }).waitFor();
    await bothWidths(page, 'export-done');
    await page.context().close();
  });

  test('A3. a notification names its actor and opens its post; a removed comment or post says so', async () => {
    const author = await registerMember('Author Ai');
    const commenter = await registerMember('Commenter Chen');
    const title = `Live selling checklist ${unique('live')}`;
    const post = await call('POST', '/posts', {
      token: author.token,
      body: { title, body: 'Check the **lights** first.' },
    });
    const kept = await call('POST', `/posts/${post.id}/comments`, {
      token: commenter.token,
      body: { body: 'The sound matters as much.' },
    });
    const removed = await call('POST', `/posts/${post.id}/comments`, {
      token: commenter.token,
      body: { body: 'I will take this back.' },
    });
    await call('DELETE', `/comments/${removed.id}`, { token: commenter.token });

    const page = await newPage('en-US', { viewport: PHONE });
    await logInThroughForm(page, author);
    await page.goto('/notifications');
    const links = page
      .getByTestId('notification')
      .getByRole('link', { name: `Commenter Chen commented on your post “${title}”.` });
    await links.first().waitFor();
    assert.equal(await links.count(), 2);
    await bothWidths(page, 'notifications');

    // Newest first: the comment taken back. The post opens and says the comment is gone.
    await links.nth(0).click();
    await page.getByRole('heading', { name: title, level: 1 }).waitFor();
    assert.match(page.url(), new RegExp(`#comment-${removed.id}$`));
    await page.getByTestId('comment-unavailable').waitFor();

    // The comment still there: highlighted in place.
    await page.goto('/notifications');
    await links.nth(1).click();
    assert.match(page.url(), new RegExp(`#comment-${kept.id}$`));
    await page.locator('.comment.target', { hasText: 'The sound matters as much.' }).waitFor();
    await bothWidths(page, 'notification-opened');

    // The post removed: the same link opens a page that says so, not a bare 404.
    await call('DELETE', `/posts/${post.id}`, { token: author.token });
    await page.goto('/notifications');
    await links.nth(1).click();
    await page.getByTestId('post-unavailable').getByText('This post is not available').waitFor();
    assert.equal(await page.getByText(title).count(), 0);
    await bothWidths(page, 'notification-post-gone');
    await page.context().close();
  });

  test('A4. a gated post asks a visitor to log in and tells a standard member about the Golden Crown', async () => {
    const moderator = await registerMember('Moderator Gao');
    await makeModerator(moderator);
    const member = await registerMember('Standard Shi');
    const title = `Crown-only playbook ${unique('gc')}`;
    const post = await call('POST', '/posts', {
      token: moderator.token,
      body: { title, body: 'For the club.', visibility: 'golden_crown' },
    });

    const page = await newPage('en-US');
    await page.goto(`/posts/${post.id}`);
    const gate = page.getByTestId('post-unavailable');
    await gate.getByText('This post is not available').waitFor();
    await gate.getByText('Log in to read everything members can read.').waitFor();
    assert.equal(await page.getByText(title).count(), 0);
    await bothWidths(page, 'gated-visitor');

    await gate.getByRole('link', { name: 'Log in' }).click();
    await page.waitForURL(/\/login\?next=/);
    await submitLogin(page, member);
    await page.waitForURL(new RegExp(`/posts/${post.id}$`));
    const invite = gate.getByTestId('gc-invite');
    await invite.getByText('decision makers of companies').waitFor();
    assert.equal(await page.getByText(title).count(), 0);
    await bothWidths(page, 'gated-standard');
    await invite.getByRole('link', { name: 'About the club and how to apply' }).click();
    await page.getByRole('heading', { name: /Golden Crown Club/, level: 1 }).waitFor();

    // The editor offers only what this member may use.
    await page.goto('/write');
    await page.getByLabel('Who may read it').waitFor();
    const options = await page.getByLabel('Who may read it').locator('option').allTextContents();
    assert.deepEqual(options, ['Everyone', 'Members']);

    // The lounge: named in the room list with the way in, and explained when opened.
    const rooms = await call('GET', '/rooms', { token: moderator.token });
    const lounge = rooms.items.find((room) => room.kind === 'golden_crown');
    await page.goto('/rooms');
    await page.getByTestId('lounge-invite').getByText('Golden Crown lounge').waitFor();
    await page.goto(`/rooms/${lounge.id}`);
    await page.getByTestId('lounge-locked').getByTestId('gc-invite').waitFor();
    await bothWidths(page, 'lounge-locked');

    // An address that is not a post's: the site's own "not found", not the server's words.
    await page.goto('/posts/not-a-uuid');
    await page.getByRole('heading', { name: '404' }).waitFor();
    assert.doesNotMatch(await page.locator('main').innerText(), /UUID|must be/i);
    await page.context().close();
  });

  test('A5. a suspended member in chat is told so, not "reconnecting" forever', async () => {
    const moderator = await registerMember('Moderator Ma');
    await makeModerator(moderator);
    const member = await registerMember('Suspended Su');
    const until = new Date(Date.now() + 24 * 3600_000).toISOString();
    await call('POST', `/moderation/members/${member.id}/suspend`, {
      token: moderator.token,
      body: { until, reason: 'Flooding the room' },
    });
    const rooms = await call('GET', '/rooms', { token: member.token });
    const general = rooms.items.find((room) => room.kind === 'open');

    const page = await newPage('en-US', { viewport: PHONE });
    await logInThroughForm(page, member);
    await page.goto(`/rooms/${general.id}`);
    await page
      .getByTestId('chat-refused')
      .getByText(/Your account is suspended until .+: live discussion is closed to you/)
      .waitFor();
    assert.equal(await page.getByText('Connection lost, reconnecting…').count(), 0);
    await bothWidths(page, 'chat-suspended');
    await page.context().close();
  });

  test('A6. the login lockout says how long it lasts', async () => {
    const member = await registerMember('Forgetful Fu');
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const res = await fetch(`${baseUrl}/api/auth/login`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ email: member.email, password: 'wrong-password-again' }),
      });
      assert.equal(res.status, 401);
    }
    const page = await newPage('en-US', { viewport: PHONE });
    await page.goto('/login');
    await submitLogin(page, member);
    await page
      .getByTestId('login-locked')
      .getByText(/Logging in is locked for now: try again in 1[45] minutes\./)
      .waitFor();
    await bothWidths(page, 'login-locked');
    await page.context().close();
  });

  test('A7. in the Chinese UI a refused field is explained in Chinese', async () => {
    const page = await newPage('zh-CN');
    await page.goto('/register');
    await page.getByLabel('昵称').fill('韩梅梅');
    await page.getByLabel('邮箱').fill(`${unique('zh')}@laogao.test`);
    // Long enough for the form, refused by the server: one of the most common passwords.
    await page.getByLabel('密码').fill('1234567890');
    await page.getByRole('button', { name: '注册' }).click();
    const alert = page.getByRole('alert');
    await alert.getByText('密码: 太常见，请换一个更难猜到的密码').waitFor();
    assert.doesNotMatch(await alert.innerText(), /[a-z]{4,} (must|is too|should)/i);
    await bothWidths(page, 'validation-zh');
    await page.context().close();
  });

  test('A8. the privacy agreement is a public page, linked from every footer', async () => {
    const page = await newPage('zh-CN', { viewport: PHONE });
    await page.goto('/');
    // The feed's posts arrive after the footer is drawn and push it down: click once they are in.
    await page.getByRole('heading', { name: '运营人的实战经验' }).waitFor();
    await page.waitForLoadState('networkidle');
    await page.getByRole('contentinfo').getByRole('link', { name: '隐私协议' }).click();
    await page.waitForURL(/\/privacy$/);
    await page.getByRole('heading', { name: '平台信息提交隐私协议', level: 1 }).waitFor();
    await page.getByTestId('privacy-agreement').getByText('您可随时导出').waitFor();
    await bothWidths(page, 'privacy-zh');
    await page.context().close();
  });
});
