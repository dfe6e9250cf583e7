// The network (issue 19): a member finds a store manager in the directory by what they do,
// follows them from their profile, reads their post in the "Following" feed and bookmarks it
// (desktop, English); on a phone in Chinese, the directory's filters, a followers list, the
// bookmarks page and the directory settings, none of them scrolling sideways.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  DESKTOP,
  PHONE,
  call,
  newPage,
  registerMember,
  screenshot,
  unique,
  logInThroughForm,
} from './support.mjs';

/** A store manager with a searchable profile and one post. */
async function storeManager(displayName, company) {
  const member = await registerMember(displayName);
  await call('PATCH', '/members/me', {
    token: member.token,
    body: { company, operatorType: 'store_manager', expertise: ['直通车', 'seo'] },
  });
  const post = await call('POST', '/posts', {
    token: member.token,
    body: { title: unique('How we plan the 11.11 warm-up'), body: 'Three weeks out, we…' },
  });
  return { ...member, post };
}

describe('The network in the browser', { concurrency: false }, () => {
  test('N1. find a store manager in the directory, follow, read the Following feed, bookmark (desktop, English)', async () => {
    const word = unique('Hemu').replace(/[^A-Za-z0-9]/g, '');
    const manager = await storeManager(`Lily ${word}`, `${word} Home Furnishing`);
    const reader = await registerMember('Reader Desktop');

    const page = await newPage('en-US', { viewport: DESKTOP });
    await logInThroughForm(page, reader);
    await page.getByRole('link', { name: 'Members', exact: true }).click();
    await page.getByRole('heading', { name: 'Members' }).waitFor();
    await page.getByLabel('Operator type').selectOption('store_manager');
    await page.getByRole('searchbox', { name: 'Search members' }).fill(`${word} home`);
    await page.getByRole('button', { name: 'Search' }).click();
    // The operator-type filter alone already listed her: wait for the search's own answer.
    await page.waitForURL((url) => url.searchParams.get('q') === `${word} home`);
    const card = page.getByTestId('member-card').filter({ hasText: `Lily ${word}` });
    await card.waitFor();
    // Exactly one card once the list settles (a second match would time this out).
    await page.waitForFunction(
      () => document.querySelectorAll('[data-testid="member-card"]').length === 1,
    );
    await screenshot(page, 'network-directory-desktop.png');

    await card.getByRole('link', { name: `Lily ${word}` }).click();
    await page.getByRole('heading', { name: new RegExp(`Lily ${word}`) }).waitFor();
    await page.getByText(manager.post.title).waitFor();
    await page.getByTestId('follower-count').filter({ hasText: '0 followers' }).waitFor();
    await page.getByTestId('follow-member').click();
    await page.getByRole('button', { name: 'Following', pressed: true }).waitFor();
    await page.getByTestId('follower-count').filter({ hasText: '1 follower' }).waitFor();
    // The message button sits beside the follow button.
    await page.getByTestId('message-member').waitFor();
    await screenshot(page, 'network-profile-desktop.png');

    await page.goto('/');
    await page.getByTestId('following-feed').click();
    const item = page.getByTestId('post-list').locator('article', { hasText: manager.post.title });
    await item.waitFor();
    await item.getByRole('button', { name: 'Bookmark' }).click();
    await item.getByRole('button', { name: 'Remove the bookmark', pressed: true }).waitFor();
    await page.getByRole('link', { name: 'Bookmarks', exact: true }).click();
    await page.getByRole('heading', { name: 'Bookmarks' }).waitFor();
    await page.getByTestId('post-list').getByText(manager.post.title).waitFor();
    await screenshot(page, 'network-bookmarks-desktop.png');

    // The manager's followers list names the reader.
    await page.goto(`/members/${manager.id}/followers`);
    await page.getByTestId('member-card').filter({ hasText: 'Reader Desktop' }).waitFor();
    await page.context().close();
  });

  test('N2. the directory, a followers list, bookmarks and the settings on a phone, in Chinese', async () => {
    const word = unique('hemu').replace(/[^A-Za-z0-9]/g, '');
    const manager = await storeManager(`店长小王 ${word}`, `杭州禾木家居 ${word}`);
    const reader = await registerMember('手机读者');
    await call('PUT', `/members/${manager.id}/follow`, { token: reader.token });

    const page = await newPage('zh-CN', { viewport: PHONE });
    await logInThroughForm(page, reader);
    await page.goto('/members');
    await page.getByRole('heading', { name: '会员名录' }).waitFor();
    await page.getByRole('searchbox', { name: '搜索会员' }).fill(`禾木 ${word}`);
    await page.getByRole('button', { name: '搜索' }).click();
    const card = page.getByTestId('member-card').filter({ hasText: `店长小王 ${word}` });
    await card.waitFor();
    await card.getByRole('button', { name: '已关注', pressed: true }).waitFor();
    await screenshot(page, 'network-directory-phone.png');

    await card.getByRole('link', { name: `店长小王 ${word}` }).click();
    await page.getByRole('link', { name: '1 位粉丝' }).click();
    await page.getByTestId('member-card').filter({ hasText: '手机读者' }).waitFor();
    await screenshot(page, 'network-followers-phone.png');

    await page.goto('/?feed=following');
    const item = page.getByTestId('post-list').locator('article', { hasText: manager.post.title });
    await item.waitFor();
    await item.getByRole('button', { name: '收藏' }).click();
    await item.getByRole('button', { name: '取消收藏', pressed: true }).waitFor();
    await screenshot(page, 'network-following-phone.png');
    await page.goto('/bookmarks');
    await page.getByRole('heading', { name: '我的收藏' }).waitFor();
    await page.getByTestId('post-list').getByText(manager.post.title).waitFor();
    await screenshot(page, 'network-bookmarks-phone.png');

    // Settings: hide the company and stay out of the directory; kept after a reload.
    await page.goto('/settings');
    const listed = page.getByRole('checkbox', { name: '在会员名录中展示我' });
    // Saved on change; the box follows the saved profile.
    await listed.click();
    await page.getByText('已保存').waitFor();
    await page.getByRole('checkbox', { name: '在会员名录中展示我', checked: false }).waitFor();
    await page.getByRole('combobox', { name: '谁可以给我发起私信' }).selectOption('following');
    await page.reload();
    await page.getByRole('heading', { name: '名录与私信' }).waitFor();
    assert.equal(
      await page.getByRole('checkbox', { name: '在会员名录中展示我' }).isChecked(),
      false,
    );
    assert.equal(
      await page.getByRole('combobox', { name: '谁可以给我发起私信' }).inputValue(),
      'following',
    );
    await screenshot(page, 'network-settings-phone.png');
    const me = await call('GET', '/members/me', { token: reader.token });
    assert.equal(me.listedInDirectory, false);
    assert.equal(me.dmFrom, 'following');
    await page.context().close();
  });
});
