// Undeliverable mail in the moderation console (issue 18): an address the mail server
// refused for good (a 5xx; written here straight into the server's embedded database, as the
// worker records it) is listed with the server's answer and the member; a moderator clears
// it, and the audit log names who cleared it for whom. English on a desktop, Chinese on a
// phone (run by test/browser/run.mjs).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  DESKTOP,
  PHONE,
  call,
  logIn,
  makeModerator,
  newPage,
  registerMember,
  screenshot,
  sql,
} from './support.mjs';

/** A member whose address the mail server has refused with a 550. */
async function refusedMember(displayName) {
  const member = await registerMember(displayName);
  await sql(
    `INSERT INTO mail_suppressions (address, code, reason, member_id, first_refused_at, last_refused_at)
     VALUES ($1, 550, $2, $3, now() - interval '2 days', now())`,
    [member.email, `550 5.1.1 <${member.email}>: mailbox unavailable`, member.id],
  );
  return member;
}

async function moderatorToken(moderator) {
  const answer = await call('POST', '/auth/login', {
    body: { email: moderator.email, password: moderator.password },
  });
  return answer.accessToken;
}

async function listedAddresses(moderator) {
  const page = await call('GET', '/moderation/mail-suppressions?limit=100', {
    token: await moderatorToken(moderator),
  });
  return page.items.map((item) => item.address);
}

describe('Undeliverable mail in the moderation console', { concurrency: false }, () => {
  test('M1. a moderator sees a refused address with the answer and the member, clears it, and the audit log says so (English, desktop)', async () => {
    const member = await refusedMember('Bounced Bai');
    const moderator = await registerMember('Mail Moderator Ma');
    await makeModerator(moderator);

    const page = await newPage('en-US', { viewport: DESKTOP });
    await logIn(page, moderator);
    await page.goto('/moderation');
    await page.getByRole('link', { name: 'Undeliverable mail' }).click();
    const card = page.getByTestId('mail-suppression').filter({ hasText: member.email });
    await card.getByText('550 5.1.1').waitFor();
    await card.getByRole('link', { name: 'Bounced Bai' }).waitFor();
    await card.getByText(/^since /).waitFor();
    await screenshot(page, 'mail-suppressions-desktop.png');

    await card.getByRole('button', { name: 'Clear' }).click();
    await card.getByText(`Send mail to ${member.email} again?`).waitFor();
    await card.getByRole('button', { name: 'Yes, clear it' }).click();
    await page
      .getByTestId('mail-suppression-done')
      .getByText(`Cleared: mail goes to ${member.email} again.`)
      .waitFor();
    await card.waitFor({ state: 'detached' });
    assert.ok(!(await listedAddresses(moderator)).includes(member.email));

    await page.getByRole('link', { name: 'Audit log' }).click();
    const entry = page
      .getByTestId('audit-entry')
      .filter({ has: page.locator('[data-action="mail_suppression.cleared"]') })
      .filter({ has: page.getByTestId('audit-about').getByRole('link', { name: 'Bounced Bai' }) });
    await entry.getByText('Undeliverable address cleared').waitFor();
    await entry.getByTestId('audit-actor').getByText('Mail Moderator Ma').waitFor();
    await screenshot(page, 'mail-suppressions-audit-desktop.png');
    await page.context().close();
  });

  test('M2. the same in Chinese on a phone, without scrolling sideways', async () => {
    const member = await refusedMember('退信 白');
    const moderator = await registerMember('邮件 管理员');
    await makeModerator(moderator);

    const page = await newPage('zh-CN', { viewport: PHONE });
    await page.goto('/login?next=%2Fmoderation%2Fmail');
    await page.locator('input[type="email"]').fill(moderator.email);
    await page.locator('input[type="password"]').fill(moderator.password);
    await page.locator('main form button[type="submit"]').click();
    await page.waitForURL((url) => url.pathname === '/moderation/mail');
    await page.getByRole('link', { name: '无法投递的邮箱' }).waitFor();
    const card = page.getByTestId('mail-suppression').filter({ hasText: member.email });
    await card.getByText('服务器回复').waitFor();
    await card.getByRole('link', { name: '退信 白' }).waitFor();
    await screenshot(page, 'mail-suppressions-phone-zh.png');

    await card.getByRole('button', { name: '清除' }).click();
    await card.getByText(`恢复向 ${member.email} 发信？`).waitFor();
    await screenshot(page, 'mail-suppressions-confirm-phone-zh.png');
    await card.getByRole('button', { name: '确认清除' }).click();
    await page
      .getByTestId('mail-suppression-done')
      .getByText(`已清除：将恢复向 ${member.email} 发信。`)
      .waitFor();
    await card.waitFor({ state: 'detached' });
    assert.ok(!(await listedAddresses(moderator)).includes(member.email));
    await page.context().close();
  });
});
