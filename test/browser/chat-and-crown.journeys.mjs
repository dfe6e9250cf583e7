// Chat and the Golden Crown form (issue 16), at desktop and phone width, in English and
// Chinese: day separators, safe links, the message menu, typing that clears on the message;
// turnover typed as people say it, why submit is disabled, the confirmation, and the date
// re-applying opens after a rejection (run by test/browser/run.mjs).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  PHONE,
  baseUrl,
  call,
  makeModerator,
  newPage,
  registerMember,
  screenshot,
  sql,
  unique,
} from './support.mjs';

/** Logs in through the form in the page's language; lands on `next`. */
async function signIn(page, member, next) {
  await page.goto(`/login?next=${encodeURIComponent(next)}`);
  await page.locator('input[type="email"]').fill(member.email);
  await page.locator('input[type="password"]').fill(member.password);
  await page.locator('main form button[type="submit"]').click();
  await page.waitForURL((url) => url.pathname === next);
}

async function send(page, text) {
  await page.locator('#composer').fill(text);
  await page.locator('#composer').press('Enter');
  await page.getByTestId('messages').locator('.message:not(.sending)').getByText(text).waitFor();
}

const separators = (page) => page.getByTestId('day-separator').allInnerTexts();

describe('Chat and the Golden Crown form', { concurrency: false }, () => {
  test('chat: day separators, a safe clickable link, the message menu, typing that clears', async () => {
    const alice = await registerMember('Alice Zhao');
    const bob = await registerMember('Bob Qian');
    const moderator = await registerMember('Moderator Chen');
    await makeModerator(moderator);
    const mod = await call('POST', '/auth/login', {
      body: { email: moderator.email, password: moderator.password },
    });
    const room = await call('POST', '/rooms', {
      token: mod.accessToken,
      body: { slug: unique('chat').toLowerCase(), name: 'Operators chat', kind: 'open' },
    });

    // Built-in rooms in the reader's language, in both languages.
    const desktop = await newPage('en-US');
    await signIn(desktop, alice, '/rooms');
    await desktop.getByTestId('rooms').getByRole('link', { name: 'General discussion' }).waitFor();
    const phone = await newPage('zh-CN', { viewport: PHONE });
    await signIn(phone, bob, '/rooms');
    await phone.getByTestId('rooms').getByRole('link', { name: '综合讨论' }).waitFor();

    // Two messages, then stored as if sent three days ago and yesterday.
    await desktop.goto(`/rooms/${room.id}`);
    await send(desktop, 'Old news from three days ago');
    await send(desktop, 'A note from yesterday');
    await sql(
      `UPDATE messages SET created_at = now() - CASE seq WHEN 1 THEN interval '3 days' ELSE interval '1 day' END
       WHERE room_id = $1 AND seq IN (1, 2)`,
      [room.id],
    );
    const target = `${baseUrl}/golden-crown?from=chat`;
    const linkText = `The rules: ${target}. Not a link: javascript:alert(1) <b>bold</b>`;
    await send(desktop, linkText);

    await phone.goto(`/rooms/${room.id}`);
    await phone.getByTestId('messages').getByText('A note from yesterday').waitFor();
    const zhDays = await separators(phone);
    assert.equal(zhDays.length, 3, `three days: ${zhDays}`);
    assert.match(
      zhDays[0],
      /^\d+月\d+日星期[一二三四五六日]$|^\d{4}年\d+月\d+日星期[一二三四五六日]$/,
    );
    assert.deepEqual(zhDays.slice(1), ['昨天', '今天']);
    await desktop.reload();
    await desktop.getByTestId('messages').getByText('A note from yesterday').waitFor();
    const enDays = await separators(desktop);
    assert.match(
      enDays[0],
      /^(Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day, [A-Z][a-z]+ \d+(, \d{4})?$/,
    );
    assert.deepEqual(enDays.slice(1), ['Yesterday', 'Today']);

    // The link: an element, http(s) only, opening a new tab that cannot reach its opener.
    const message = phone.locator('.message', { hasText: 'The rules:' });
    const links = message.locator('.body a');
    assert.equal(await links.count(), 1, 'javascript: stays text');
    assert.equal(await links.getAttribute('href'), target);
    assert.equal(await links.getAttribute('target'), '_blank');
    assert.equal(await links.getAttribute('rel'), 'noopener noreferrer nofollow');
    assert.equal(await message.locator('.body b').count(), 0, 'markup stays text');
    assert.match(await message.locator('.body').innerText(), /<b>bold<\/b>/);
    const [tab] = await Promise.all([phone.context().waitForEvent('page'), links.click()]);
    await tab.waitForLoadState();
    assert.equal(tab.url(), target);
    assert.equal(await tab.evaluate(() => window.opener), null);
    await tab.close();

    // Report sits in each message's "⋯" menu, not under every message.
    assert.equal(await phone.getByRole('button', { name: '举报' }).count(), 0);
    const old = phone.locator('.message', { hasText: 'A note from yesterday' });
    await old.getByRole('button', { name: '更多操作' }).click();
    const menu = old.getByRole('menu');
    await menu.waitFor();
    assert.deepEqual(await menu.getByRole('menuitem').allInnerTexts(), ['举报']);
    await screenshot(phone, 'chat-menu-phone-zh.png');
    await menu.getByRole('menuitem', { name: '举报' }).click();
    await old.getByRole('textbox').fill('广告刷屏');
    await old.getByRole('button', { name: '提交举报' }).click();
    await old.getByText('谢谢，版主会尽快处理。').waitFor();
    const reports = await call('GET', '/moderation/reports', { token: mod.accessToken });
    assert.ok(
      reports.items.some(
        (report) => report.targetType === 'message' && report.reason === '广告刷屏',
      ),
      'the moderators have the report',
    );
    // One's own message: Delete, no Report.
    const own = desktop.locator('.message', { hasText: 'Old news' });
    await own.getByRole('button', { name: 'More actions' }).click();
    assert.deepEqual(await own.getByRole('menuitem').allInnerTexts(), ['Delete']);
    await desktop.keyboard.press('Escape');
    await own.getByRole('menu').waitFor({ state: 'detached' });

    // Typing: shown while Bob types, gone as soon as his message arrives (not 4 s later).
    await phone.locator('#composer').fill('有人在吗？');
    await desktop.getByTestId('typing').getByText('Bob Qian is typing…').waitFor();
    const seen = Date.now();
    await phone.locator('#composer').press('Enter');
    await desktop.getByTestId('messages').getByText('有人在吗？').waitFor();
    await desktop.waitForFunction(
      () => document.querySelector('[data-testid="typing"]')?.textContent === '',
      null,
      { timeout: 1000 },
    );
    assert.ok(Date.now() - seen < 3500, 'cleared by the message, not by the typing timeout');

    // The composer on a phone: text and button on one line, the button on one line, both
    // on screen; the message list scrolls inside.
    for (let index = 0; index < 8; index += 1) await send(phone, `消息 ${index}`);
    const input = await phone.locator('#composer').boundingBox();
    const button = await phone.locator('.composer button').boundingBox();
    assert.ok(button.y < input.y + input.height && input.y < button.y + button.height, 'one line');
    assert.ok(button.height < 48, `the send button does not wrap (${button.height} px)`);
    assert.ok(button.y + button.height <= PHONE.height, 'the button is on screen');
    const list = await phone.getByTestId('messages').evaluate((element) => ({
      overflow: getComputedStyle(element).overflowY,
      scrolls: element.scrollHeight > element.clientHeight,
    }));
    assert.deepEqual(list, { overflow: 'auto', scrolls: true });
    await screenshot(phone, 'chat-room-phone-zh.png');
    await screenshot(desktop, 'chat-room-desktop-en.png');
    await phone.context().close();
    await desktop.context().close();
  });

  test('Golden Crown: 7,000万 understood, why submit is disabled, a confirmation, then the re-apply date after a rejection', async () => {
    const applicant = await registerMember('李娜');
    const moderator = await registerMember('Moderator Wu');
    await makeModerator(moderator);

    const phone = await newPage('zh-CN', { viewport: PHONE });
    await signIn(phone, applicant, '/golden-crown');
    const submit = phone.getByRole('button', { name: '提交申请' });
    const why = phone.getByTestId('gc-submit-why');
    await why.getByText(/提交前还需要：公司名称、年营业额/).waitFor();
    assert.equal(await submit.isDisabled(), true);

    await phone.getByLabel('公司名称').fill('杭州金冠电商有限公司');
    const turnover = phone.getByLabel('年营业额（人民币）');
    await turnover.fill('七千万');
    await why.getByText('无法识别年营业额', { exact: false }).waitFor();
    await turnover.fill('7,000万');
    await phone.getByText('即 7,000万（70,000,000 元）。').waitFor();
    await phone.getByRole('radio', { name: '是' }).check();
    await phone.getByLabel('机构类型').selectOption('brand');
    await phone.getByTestId('eligibility').getByText('您符合三项申请条件。').waitFor();
    await phone.getByLabel('职位').fill('总经理');
    await phone.getByLabel('申请理由').fill('和同行交流品牌经营的经验。');
    await why.getByText('提交前还需要：同意隐私协议。').waitFor();
    assert.equal(await submit.isDisabled(), true);
    await screenshot(phone, 'gc-why-disabled-phone-zh.png');

    await phone.getByRole('button', { name: '阅读隐私协议' }).click();
    await phone.locator('#privacy-agreement h3').waitFor();
    await phone.getByRole('checkbox', { name: /我已阅读并同意隐私协议/ }).check();
    await why.waitFor({ state: 'detached' });
    await submit.click();
    const confirm = phone.getByTestId('gc-confirm');
    await confirm.getByText('确认提交这份申请吗？').waitFor();
    await confirm.getByText('7,000万').waitFor();
    await screenshot(phone, 'gc-confirm-phone-zh.png');
    // Nothing is sent before the confirmation.
    assert.equal((await call('GET', '/membership/applications/mine', applicant)).items.length, 0);
    await confirm.getByRole('button', { name: '确认提交' }).click();
    await phone.getByTestId('gc-submitted').waitFor();
    await phone.getByTestId('application-status').filter({ hasText: '审核中' }).waitFor();
    const [sent] = (await call('GET', '/membership/applications/mine', applicant)).items;
    assert.equal(sent.annualTurnoverCny, 70_000_000);

    // A moderator rejects it: the page shows when re-applying opens instead of the form.
    const mod = await call('POST', '/auth/login', {
      body: { email: moderator.email, password: moderator.password },
    });
    await call('POST', `/moderation/applications/${sent.id}/decision`, {
      token: mod.accessToken,
      body: { decision: 'reject', reason: '营业额证明不足' },
    });
    const { reapplyAt } = await call('GET', '/membership/applications/mine', applicant);
    assert.ok(Date.parse(reapplyAt) > Date.now(), 'the server names a date to come');
    const reapply = phone.getByTestId('gc-reapply');
    await reapply.waitFor();
    const zhDate = await phone.evaluate(
      (iso) =>
        new Intl.DateTimeFormat('zh-CN', { dateStyle: 'medium', timeStyle: 'short' }).format(
          new Date(iso),
        ),
      reapplyAt,
    );
    await reapply.getByText(`您可以从 ${zhDate} 起再次申请`, { exact: false }).waitFor();
    await phone.getByText('原因：营业额证明不足').waitFor();
    assert.equal(await phone.locator('input[name="annualTurnoverCny"]').count(), 0);
    await screenshot(phone, 'gc-reapply-phone-zh.png');

    const desktop = await newPage('en-US');
    await signIn(desktop, applicant, '/golden-crown');
    await desktop
      .getByTestId('gc-reapply')
      .getByText(/You may apply again from /)
      .waitFor();
    assert.equal(await desktop.locator('input[name="annualTurnoverCny"]').count(), 0);
    await screenshot(desktop, 'gc-reapply-desktop-en.png');

    // In English, on a desktop: the unit explained, 7,000万 understood too.
    const other = await registerMember('Wang Fang');
    const form = await newPage('en-US');
    await signIn(form, other, '/golden-crown');
    await form.getByText('For example 70,000,000, 70 million, 7000万 or 1.2亿.').waitFor();
    await form.getByLabel('Annual turnover (CNY)').fill('7,000万');
    await form.getByText('That is ¥70,000,000.').waitFor();
    await form
      .getByTestId('gc-submit-why')
      .getByText(/To submit, still needed: company name, whether you are a decision maker/)
      .waitFor();
    await screenshot(form, 'gc-why-disabled-desktop-en.png');
    await form.context().close();
    await desktop.context().close();
    await phone.context().close();
  });
});
