// Direct conversations (issue 19): one member writes to another from their profile on a
// desktop in English; the other, on a phone in Chinese, sees the inbox badge in the header
// without opening anything, reads the conversation and answers, and the first sees the answer
// live. Blocking from a profile, the blocked list in the settings, and unblocking.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  DESKTOP,
  PHONE,
  call,
  newPage,
  registerMember,
  screenshot,
  logInThroughForm,
} from './support.mjs';

const message = (page, text) => page.getByTestId('messages').locator('.message', { hasText: text });

describe('Direct conversations in the browser', { concurrency: false }, () => {
  test('C1. a member messages another from their profile; the other sees the badge on a phone and answers live', async () => {
    const alice = await registerMember('Alice Store Manager');
    const bob = await registerMember('店长小陈');

    // Bob is on his phone, in Chinese, on the posts page.
    const bobPage = await newPage('zh-CN', { viewport: PHONE });
    await logInThroughForm(bobPage, bob);
    const bobInbox = bobPage.getByRole('link', { name: /^私信/ });
    await bobInbox.waitFor();
    assert.equal(await bobPage.getByTestId('inbox-unread').count(), 0);

    // Alice, on a desktop in English, opens his profile and writes to him.
    const alicePage = await newPage('en-US', { viewport: DESKTOP });
    await logInThroughForm(alicePage, alice);
    await alicePage.goto(`/members/${bob.id}`);
    await alicePage.getByRole('heading', { name: /店长小陈/ }).waitFor();
    await screenshot(alicePage, 'conversations-profile-desktop.png');
    await alicePage.getByTestId('message-member').click();
    await alicePage.getByRole('heading', { name: 'Message to 店长小陈' }).waitFor();
    await alicePage
      .getByRole('textbox', { name: 'Message' })
      .fill('Hi! Can we talk about the 11.11 warm-up?');
    await alicePage.getByRole('button', { name: 'Send' }).click();
    await alicePage.waitForURL(/\/messages\/[0-9a-f-]{36}$/);
    await message(alicePage, 'Can we talk about the 11.11 warm-up?').waitFor();
    await alicePage.getByTestId('conversation-title').filter({ hasText: '店长小陈' }).waitFor();

    // Bob's header shows it without a reload: one conversation with unread messages.
    await bobPage.getByTestId('inbox-unread').filter({ hasText: '1' }).waitFor();
    await screenshot(bobPage, 'conversations-badge-phone.png');
    await bobInbox.click();
    await bobPage.getByRole('heading', { name: '私信' }).waitFor();
    const row = bobPage.getByTestId('inbox').locator('li', { hasText: 'Alice Store Manager' });
    await row.getByTestId('conversation-unread').filter({ hasText: '1' }).waitFor();
    await screenshot(bobPage, 'conversations-inbox-phone.png');
    await row.getByRole('link').click();
    await message(bobPage, 'Can we talk about the 11.11 warm-up?').waitFor();

    // Reading it clears the badge; the answer reaches Alice live.
    await bobPage.getByTestId('inbox-unread').waitFor({ state: 'detached' });
    await bobPage.getByRole('textbox', { name: '消息' }).fill('可以，明天上午十点？');
    await bobPage.getByRole('button', { name: '发送' }).click();
    await message(bobPage, '可以，明天上午十点？')
      .filter({ hasNot: bobPage.locator('.sending') })
      .waitFor();
    await screenshot(bobPage, 'conversations-view-phone.png');
    await message(alicePage, '可以，明天上午十点？').waitFor();
    await screenshot(alicePage, 'conversations-view-desktop.png');

    // Alice was looking at it: nothing unread for her either.
    const aliceList = await call('GET', '/conversations', { token: alice.token });
    assert.equal(aliceList.items.length, 1);
    assert.deepEqual(
      aliceList.items.map((c) => c.lastMessage.body),
      ['可以，明天上午十点？'],
    );
    await alicePage.context().close();
    await bobPage.context().close();
  });

  test('C2. a member blocks another from the profile, finds them in the settings, and unblocks (Chinese desktop, English phone)', async () => {
    const carol = await registerMember('Carol Director');
    const dave = await registerMember('推销员老刘');

    const page = await newPage('zh-CN', { viewport: DESKTOP });
    await logInThroughForm(page, carol);
    await page.goto(`/members/${dave.id}`);
    await page.getByRole('heading', { name: /推销员老刘/ }).waitFor();
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: '屏蔽' }).click();
    await page.getByText('您已屏蔽这位会员。').waitFor();
    assert.equal(await page.getByTestId('message-member').count(), 0);

    // Dave is refused without being told why.
    await assert.rejects(
      call('POST', '/conversations', {
        token: dave.token,
        body: { memberIds: [carol.id], body: 'hi' },
      }),
      /403 .*DM_NOT_ALLOWED/,
    );

    await page.goto('/settings');
    const list = page.getByTestId('blocked-members');
    await list.getByRole('link', { name: '推销员老刘' }).waitFor();
    await screenshot(page, 'conversations-blocked-desktop.png');
    await page.context().close();

    const phone = await newPage('en-US', { viewport: PHONE });
    await logInThroughForm(phone, carol);
    await phone.goto('/settings');
    const phoneList = phone.getByTestId('blocked-members');
    await phoneList.getByRole('link', { name: '推销员老刘' }).waitFor();
    await screenshot(phone, 'conversations-blocked-phone.png');
    await phoneList.getByRole('button', { name: 'Unblock' }).click();
    await phoneList.getByText('You have not blocked anyone.').waitFor();
    const blocks = await call('GET', '/members/me/blocks', { token: carol.token });
    assert.deepEqual(blocks.items, []);
    await phone.context().close();
  });
});
