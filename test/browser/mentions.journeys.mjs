// Mentions (issue 19): typing @ and the start of a name in the editor or a comment lists
// members; choosing one inserts @[name](id), which the published post shows as a link to
// the profile, and the mentioned member finds a notification. English on a desktop,
// Chinese on a phone.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  DESKTOP,
  PHONE,
  call,
  makeModerator,
  logIn,
  newPage,
  registerMember,
  screenshot,
  submitLogin,
  unique,
} from './support.mjs';

describe('Mentions in the browser', { concurrency: false }, () => {
  test('M1. an author mentions a member from the autocomplete; the member is told (English, desktop)', async () => {
    const name = unique('MeiLin');
    const mentioned = await registerMember(name);
    const author = await registerMember('Author Ao');
    const page = await newPage('en-US', { viewport: DESKTOP });
    await logIn(page, author);
    await page.goto('/write');
    const title = unique('Thanks to a colleague');
    await page.getByLabel('Title').fill(title);
    const body = page.getByLabel('Text (Markdown)');
    await body.fill('Learned this from ');
    await body.press('End');
    await body.pressSequentially(`@${name.slice(0, 10)}`);
    const option = page.getByRole('option', { name: `@${name}` });
    await option.waitFor();
    await screenshot(page, 'mentions-autocomplete-desktop.png');
    await body.press('Enter');
    assert.equal(await body.inputValue(), `Learned this from @[${name}](${mentioned.id}) `);
    await page.getByRole('button', { name: 'Publish' }).click();
    const link = page.locator('.prose a.mention');
    await link.waitFor();
    assert.equal(await link.textContent(), `@${name}`);
    assert.equal(await link.getAttribute('href'), `/members/${mentioned.id}`);
    await screenshot(page, 'mentions-post-desktop.png');
    await page.context().close();

    const reader = await newPage('en-US', { viewport: DESKTOP });
    await logIn(reader, mentioned);
    await reader.goto('/notifications');
    await reader.getByText(`Author Ao mentioned you in “${title}”.`).waitFor();
    await reader.context().close();
  });

  test('M2. a comment on a phone mentions a member picked with a tap (Chinese)', async () => {
    const name = unique('小梅');
    const mentioned = await registerMember(name);
    const author = await registerMember('评论者');
    const post = await call('POST', '/posts', {
      token: author.token,
      body: { title: unique('大促复盘'), body: '欢迎讨论' },
    });
    const page = await newPage('zh-CN', { viewport: PHONE });
    await page.goto('/login');
    await page.getByLabel('邮箱').fill(author.email);
    await page.getByLabel('密码', { exact: true }).fill(author.password);
    await page.getByRole('button', { name: '登录' }).click();
    await page.waitForURL((url) => url.pathname === '/');
    await page.goto(`/posts/${post.id}`);
    const field = page.getByLabel('您的评论');
    await field.pressSequentially(`同意 @${name.slice(0, 6)}`);
    const option = page.getByRole('option', { name: `@${name}` });
    await option.waitFor();
    await screenshot(page, 'mentions-comment-zh-phone.png');
    await option.click();
    await page.getByRole('button', { name: '发表评论' }).click();
    const link = page.locator('.comment .prose a.mention, .prose a.mention').last();
    await link.waitFor();
    assert.equal(await link.getAttribute('href'), `/members/${mentioned.id}`);
    await screenshot(page, 'mentions-comment-posted-zh-phone.png');
    await page.context().close();
  });

  test('M3. a chat message on a phone mentions a member; the message shows a profile link (English)', async () => {
    const name = unique('ChenHao');
    const mentioned = await registerMember(name);
    const author = await registerMember('Chatty Chu');
    const moderator = await registerMember('Room Maker');
    await makeModerator(moderator);
    const mod = await call('POST', '/auth/login', {
      body: { email: moderator.email, password: moderator.password },
    });
    const room = await call('POST', '/rooms', {
      token: mod.accessToken,
      body: { slug: unique('mentions').toLowerCase(), name: 'Mentions room', kind: 'open' },
    });
    const page = await newPage('en-US', { viewport: PHONE });
    await page.goto('/login');
    await submitLogin(page, author);
    await page.waitForURL((url) => url.pathname === '/');
    await page.goto(`/rooms/${room.id}`);
    const composer = page.locator('#composer');
    await composer.pressSequentially(`ask @${name.slice(0, 8)}`);
    const option = page.getByRole('option', { name: `@${name}` });
    await option.waitFor();
    await screenshot(page, 'mentions-chat-autocomplete-phone.png');
    await option.click();
    await composer.press('Enter');
    const link = page.getByTestId('messages').locator('a.mention');
    await link.waitFor();
    assert.equal(await link.textContent(), `@${name}`);
    assert.equal(await link.getAttribute('href'), `/members/${mentioned.id}`);
    await screenshot(page, 'mentions-chat-phone.png');
    await page.context().close();
  });
});
