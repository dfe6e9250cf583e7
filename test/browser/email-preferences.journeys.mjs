// Email preferences and one-click unsubscribe (issue 18): the settings' mail section (the
// language of mail, the digest, a mode per kind of notification), a notification mailed at
// once (the journeys' server writes each mail as an .eml file under DATA_DIR/mail), the
// unsubscribe link at its foot, which opens a page that asks before it changes anything.
// English on a desktop, Chinese on a phone.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  DESKTOP,
  PHONE,
  call,
  dataDir,
  logIn,
  newPage,
  registerMember,
  screenshot,
  unique,
} from './support.mjs';
import { linkPath, newestMailTo, plainText } from './mail.mjs';

/**
 * The mail's unsubscribe link as a path on the journeys' server, after checking that its
 * headers carry RFC 8058's one-click pair with the same token.
 */
function unsubscribePath(raw) {
  const head = raw.slice(0, raw.search(/\r?\n\r?\n/)).replace(/\r?\n[ \t]+/g, ' ');
  assert.match(head, /^List-Unsubscribe-Post: List-Unsubscribe=One-Click$/m);
  const header = /^List-Unsubscribe: <(\S+\/api\/email\/unsubscribe\?token=\S+)>$/m.exec(head);
  assert.ok(header, 'the mail has a one-click List-Unsubscribe header');
  const path = linkPath(raw, '/unsubscribe');
  assert.equal(
    new URLSearchParams(path.split('?')[1]).get('token'),
    new URL(header[1]).searchParams.get('token'),
  );
  return path;
}

/** Another member comments on a new post of `member`'s, through the API. */
async function commentOnAPostOf(member) {
  const post = await call('POST', '/posts', {
    token: member.token,
    body: { title: unique('Packaging suppliers'), body: 'Who do you use?' },
  });
  const commenter = await registerMember(unique('Commenter'));
  await call('POST', `/posts/${post.id}/comments`, {
    token: commenter.token,
    body: { body: 'We use a small workshop in Yiwu.' },
  });
}

const preferencesOf = (member) =>
  call('GET', '/members/me/email-preferences', { token: member.token });

describe('Email preferences in the browser', { concurrency: false }, () => {
  test('E1. a member chooses mail in the settings, then unsubscribes from a mail’s link (English, desktop)', async () => {
    const member = await registerMember('Mailbox Mo');
    const page = await newPage('en-US', { viewport: DESKTOP });
    await logIn(page, member);
    await page.goto('/settings');
    const section = page.getByTestId('email-preferences');
    await section.getByLabel('Digest', { exact: true }).selectOption('weekly');
    await section.getByLabel('Comments on my posts').selectOption('instant');
    await section.getByLabel('New followers').selectOption('off');
    await section.getByRole('button', { name: 'Save' }).click();
    await section.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    await section.scrollIntoViewIfNeeded();
    await screenshot(page, 'email-preferences-desktop.png');

    // Stored: a fresh load shows them, and so does the API.
    await page.reload();
    assert.equal(await page.getByLabel('Digest', { exact: true }).inputValue(), 'weekly');
    assert.equal(await page.getByLabel('Comments on my posts').inputValue(), 'instant');
    const stored = await preferencesOf(member);
    assert.equal(stored.digest, 'weekly');
    assert.equal(stored.kinds.new_follower, 'off');

    // A comment is mailed at once; its foot unsubscribes from comments.
    const before = Date.now() - 1_000;
    await commentOnAPostOf(member);
    const raw = await newestMailTo(dataDir, member.email, before);
    assert.match(plainText(raw), /Commenter-\S+ commented on your post “Packaging suppliers/);
    await page.goto(unsubscribePath(raw));
    await page.getByRole('heading', { name: 'Unsubscribe' }).waitFor();
    assert.equal(
      await page.getByTestId('unsubscribe-what').textContent(),
      'You will no longer get mail about: Comments on my posts.',
    );
    // Opening the page changed nothing.
    assert.equal((await preferencesOf(member)).kinds.comment_on_post, 'instant');
    await screenshot(page, 'unsubscribe-confirm-desktop.png');
    await page.getByRole('button', { name: 'Unsubscribe' }).click();
    await page.getByTestId('unsubscribe-done').waitFor();
    assert.equal((await preferencesOf(member)).kinds.comment_on_post, 'off');
    await screenshot(page, 'unsubscribe-done-desktop.png');

    // The settings show it off.
    await page.getByRole('link', { name: 'Email settings' }).click();
    await page.waitForURL((url) => url.pathname === '/settings');
    assert.equal(await page.getByLabel('Comments on my posts').inputValue(), 'off');
    await page.context().close();
  });

  test('E2. a Chinese member chooses mail on a phone and unsubscribes; a forged link is refused (Chinese, phone)', async () => {
    const member = await registerMember('邮件小王');
    const page = await newPage('zh-CN', { viewport: PHONE });
    await page.goto('/login');
    await page.getByLabel('邮箱').fill(member.email);
    await page.getByLabel('密码', { exact: true }).fill(member.password);
    await page.getByRole('button', { name: '登录' }).click();
    await page.waitForURL((url) => url.pathname === '/');
    await page.goto('/settings');
    const section = page.getByTestId('email-preferences');
    await section.getByLabel('邮件语言').selectOption('zh');
    await section.getByLabel('摘要', { exact: true }).selectOption('off');
    await section.getByLabel('有人评论我的帖子').selectOption('instant');
    await section.getByRole('button', { name: '保存' }).click();
    await section.getByRole('status').waitFor();
    await section.scrollIntoViewIfNeeded();
    await screenshot(page, 'email-preferences-phone.png');
    const stored = await preferencesOf(member);
    assert.equal(stored.locale, 'zh');
    assert.equal(stored.digest, 'off');

    const before = Date.now() - 1_000;
    await commentOnAPostOf(member);
    const raw = await newestMailTo(dataDir, member.email, before);
    const text = plainText(raw);
    assert.match(text, /邮件小王，您好/);
    assert.match(text, /评论了您的帖子/);
    const path = unsubscribePath(raw);

    // A link whose signature was altered says so and changes nothing.
    const forged = path.replace(/.$/, (last) => (last === 'A' ? 'B' : 'A'));
    await page.goto(forged);
    await page.getByRole('button', { name: '确认退订' }).click();
    await page.getByTestId('unsubscribe-invalid').waitFor();
    await screenshot(page, 'unsubscribe-invalid-phone.png');
    assert.equal((await preferencesOf(member)).kinds.comment_on_post, 'instant');

    await page.goto(path);
    await page.getByText('您将不再收到这类邮件：有人评论我的帖子。').waitFor();
    await screenshot(page, 'unsubscribe-confirm-phone.png');
    await page.getByRole('button', { name: '确认退订' }).click();
    await page.getByTestId('unsubscribe-done').waitFor();
    await screenshot(page, 'unsubscribe-done-phone.png');
    assert.equal((await preferencesOf(member)).kinds.comment_on_post, 'off');
    await page.context().close();
  });
});
