// Phones and the moderators' screens (issue 16): every page at 390×844 in both languages
// (no page scrolls sideways: screenshot() asserts it), a few at 360 and 414, the first
// journeys' screens at phone width, and moderators deciding with the content in front of them.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import {
  ADMIN,
  DESKTOP,
  PHONE,
  assertNoHorizontalOverflow,
  call,
  makeModerator,
  newPage,
  registerMember,
  screenshot,
  unique,
} from './support.mjs';

/** What the pages say, in each language (the texts of web/src/i18n). */
const TEXT = {
  en: {
    locale: 'en-US',
    email: 'Email',
    password: 'Password',
    logIn: 'Log in',
    bell: /^Notifications:/,
    menu: 'Menu',
    search: 'Search',
    preview: 'Preview',
    body: 'Text (Markdown)',
    titleLabel: 'Title',
    comment: 'Comment',
    deletedMember: 'deleted member',
    hide: 'Hide the content',
    hiddenDone: 'Done: the content is hidden and the reporters are told.',
    openTarget: 'Open it in place',
    resolvedFilter: 'Resolved',
    approve: 'Approve',
    reject: 'Reject',
    yesReject: 'Yes, reject',
    reasonLabel: 'Reason (required to reject)',
    tabs: {
      applications: 'Applications',
      reports: 'Reports',
      members: 'Members',
      audit: 'Audit log',
    },
    adminCreated: 'Administrator created',
    system: 'system',
  },
  zh: {
    locale: 'zh-CN',
    email: '邮箱',
    password: '密码',
    logIn: '登录',
    bell: /^通知：|^通知:/,
    menu: '菜单',
    search: '搜索',
    preview: '预览',
    body: '正文（Markdown）',
    titleLabel: '标题',
    comment: '评论',
    deletedMember: '已注销会员',
    hide: '隐藏内容',
    hiddenDone: '已处理：内容已隐藏，并已通知举报人。',
    openTarget: '在原处查看',
    resolvedFilter: '已处理',
    approve: '通过',
    reject: '拒绝',
    yesReject: '确定拒绝',
    reasonLabel: '原因（拒绝时必填）',
    tabs: { applications: '入会申请', reports: '举报', members: '会员', audit: '操作日志' },
    adminCreated: '创建管理员',
    system: '系统',
  },
};

const LONG_URL = `https://example.com/${'very-long-path-segment/'.repeat(8)}?utm_source=${'x'.repeat(60)}`;
const LONG_WORD = 'Antidisestablishmentarianism'.repeat(4);
const WIDE_BODY = [
  `A long link: ${LONG_URL}`,
  '',
  `And a long word: ${LONG_WORD}`,
  '',
  '```js',
  `const settings = { ${Array.from({ length: 14 }, (_, i) => `option${i}: "value number ${i}"`).join(', ')} };`,
  '```',
  '',
  `| ${Array.from({ length: 9 }, (_, i) => `Column heading ${i}`).join(' | ')} |`,
  `| ${Array.from({ length: 9 }, () => '---').join(' | ')} |`,
  `| ${Array.from({ length: 9 }, (_, i) => `cell value ${i * 1000}`).join(' | ')} |`,
].join('\n');

/** A fresh access token for a member (after a role change). */
async function tokenOf(member) {
  const answer = await call('POST', '/auth/login', {
    body: { email: member.email, password: member.password },
  });
  return answer.accessToken;
}

/** Logs in through the login page in the page's language, at any width. */
async function logInAs(page, member, lang) {
  const text = TEXT[lang];
  await page.goto('/login');
  await page.getByLabel(text.email).fill(member.email);
  await page.getByLabel(text.password, { exact: true }).fill(member.password);
  await page.getByRole('button', { name: text.logIn }).click();
  // The bell is in the bar at every width once signed in.
  await page.getByRole('link', { name: text.bell }).waitFor();
}

/** The element's content is wider than its box and scrolls inside it. */
async function scrollsInside(locator) {
  return locator.evaluate((el) => el.scrollWidth > el.clientWidth && el.clientWidth > 0);
}

/** Every button in the main area shows its label on one line (no "搜/索"). */
async function assertButtonsOnOneLine(page) {
  const wrapped = await page.evaluate(() =>
    [...document.querySelectorAll('main button, main .button, header button')]
      .filter((button) => button.offsetParent !== null && button.textContent.trim().length > 0)
      .filter((button) => {
        const lineHeight = parseFloat(getComputedStyle(button).lineHeight) || 24;
        const range = document.createRange();
        range.selectNodeContents(button);
        const lines = new Set([...range.getClientRects()].map((rect) => Math.round(rect.top)));
        return lines.size > 1 && button.getBoundingClientRect().height > lineHeight * 1.8;
      })
      .map((button) => button.textContent.trim()),
  );
  assert.deepEqual(wrapped, [], `buttons wrapped onto several lines on ${page.url()}`);
}

describe('Phones and the moderators’ screens', { concurrency: false }, () => {
  let author;
  let commenter;
  let reporter;
  let moderator;
  let applicant;
  let widePost;
  let generalRoomId;

  before(async () => {
    author = await registerMember('Wide Writer 宽');
    commenter = await registerMember('Chatty Commenter');
    reporter = await registerMember('Careful Reporter');
    moderator = await registerMember('Phone Moderator');
    applicant = await registerMember('Applicant Wang');
    await makeModerator(moderator);
    moderator.token = await tokenOf(moderator);
    // The moderator owns the wide post, so a comment on it gives them a notification.
    widePost = await call('POST', '/posts', {
      token: moderator.token,
      body: { title: `A wide post ${LONG_WORD}`, body: WIDE_BODY, tags: ['phone'] },
    });
    const thanks = await call('POST', `/posts/${widePost.id}/comments`, {
      token: commenter.token,
      body: { body: `Thanks! See also ${LONG_URL}` },
    });
    // An open report whose content is a long URL, for the reports tab at phone width.
    await call('POST', '/reports', {
      token: reporter.token,
      body: { targetType: 'comment', targetId: thanks.id, reason: `Link spam? ${LONG_WORD}` },
    });
    const rules = await call('GET', '/membership/golden-crown/rules');
    await call('POST', '/membership/applications', {
      token: applicant.token,
      body: {
        companyName: `Wang Brands ${unique('co')}`,
        annualTurnoverCny: 90_000_000,
        isDecisionMaker: true,
        jobTitle: 'Founder and CEO',
        organizationType: 'brand',
        motivation: 'To compare notes with operators at our scale.',
        privacyAgreementVersion: rules.privacyAgreementVersion,
        privacyConsent: true,
      },
    });
    const rooms = await call('GET', '/rooms', { token: author.token });
    generalRoomId = rooms.items.find((room) => room.slug === 'general').id;
  });

  for (const lang of ['zh', 'en']) {
    test(`every page at 390×844 in ${lang === 'zh' ? 'Chinese' : 'English'}: nothing scrolls sideways, the bell stays in sight`, async () => {
      const text = TEXT[lang];
      const shot = (name) => `phone-${lang}-${name}.png`;
      // Something unread for the bell.
      await call('POST', `/posts/${widePost.id}/comments`, {
        token: commenter.token,
        body: { body: `One more thought (${lang})` },
      });
      const page = await newPage(text.locale, { viewport: PHONE });

      // A visitor's feed, then the member's.
      await page.goto('/');
      await page.getByRole('link', { name: widePost.title }).first().waitFor();
      await assertButtonsOnOneLine(page);
      await screenshot(page, shot('feed-visitor'));

      await logInAs(page, moderator, lang);
      // The bell and its unread count are in the bar, outside the folded menu.
      const bell = page.getByRole('link', { name: text.bell });
      assert.equal(await bell.isVisible(), true);
      await page.getByTestId('unread-count').waitFor();
      assert.equal(await page.getByRole('button', { name: text.menu }).isVisible(), true);
      await page.goto('/');
      await page.getByRole('link', { name: widePost.title }).first().waitFor();
      await screenshot(page, shot('feed'));

      // The wide post: its code block and table scroll inside it; the long URL wraps.
      await page.goto(`/posts/${widePost.id}`);
      await page.getByRole('heading', { level: 1 }).waitFor();
      await page.locator('.prose pre').first().waitFor();
      assert.equal(await scrollsInside(page.locator('.prose pre').first()), true);
      assert.equal(await scrollsInside(page.locator('.prose table').first()), true);
      await page.locator('.comment', { hasText: 'Thanks! See also' }).waitFor();
      await assertButtonsOnOneLine(page);
      await screenshot(page, shot('post-wide'));

      // The editor, its preview rendering the same wide text.
      await page.goto('/write');
      await page.getByLabel(text.titleLabel).fill(`Draft ${LONG_WORD}`);
      await page.getByLabel(text.body).fill(WIDE_BODY);
      await screenshot(page, shot('editor'));
      await page.getByRole('tab', { name: text.preview }).click();
      await page.locator('.preview pre').waitFor();
      await screenshot(page, shot('editor-preview'));
      // Leave no draft behind for the other pages.
      await page
        .getByLabel(text.body)
        .fill('')
        .catch(() => {});
      await page.evaluate(() => sessionStorage.clear());

      // Rooms and one room.
      await page.goto('/rooms');
      await page.locator(`a[href="/rooms/${generalRoomId}"]`).waitFor();
      await screenshot(page, shot('rooms'));
      await page.goto(`/rooms/${generalRoomId}`);
      await page.getByTestId('presence').getByText('Phone Moderator').waitFor();
      await assertButtonsOnOneLine(page);
      await screenshot(page, shot('room'));

      // The Golden Crown page, settings and notifications.
      await page.goto('/golden-crown');
      await page.getByTestId('gc-rules').waitFor();
      await screenshot(page, shot('golden-crown'));
      await page.goto('/settings');
      await page.getByRole('heading', { level: 1 }).waitFor();
      await screenshot(page, shot('settings'));
      await page.goto('/notifications');
      await page.getByTestId('notification').first().waitFor();
      await assertButtonsOnOneLine(page);
      await screenshot(page, shot('notifications'));

      // The moderation console: each tab usable at phone width.
      await page.goto('/moderation/applications');
      const queue = page.getByTestId('application-queue');
      await queue
        .getByRole('button', { name: /Wang Brands/ })
        .first()
        .waitFor();
      await queue.getByText('Applicant Wang').first().waitFor();
      await screenshot(page, shot('moderation-applications'));
      await queue
        .getByRole('button', { name: /Wang Brands/ })
        .first()
        .click();
      await page.getByTestId('application-detail').getByText('Founder and CEO').waitFor();
      await screenshot(page, shot('moderation-application-detail'));
      await page.getByRole('link', { name: text.tabs.reports }).click();
      await page.getByTestId('report').filter({ hasText: 'Link spam?' }).waitFor();
      await screenshot(page, shot('moderation-reports'));
      await page.getByRole('link', { name: text.tabs.members }).click();
      await page.getByTestId('member-row').first().waitFor();
      await assertButtonsOnOneLine(page);
      await screenshot(page, shot('moderation-members'));
      await page.getByRole('link', { name: text.tabs.audit }).click();
      const bootstrap = page
        .getByTestId('audit-entry')
        .filter({ has: page.locator('[data-action="member.admin_created"]') });
      await bootstrap.getByText(text.adminCreated).waitFor();
      await bootstrap.getByTestId('audit-actor').getByText(text.system, { exact: true }).waitFor();
      // Names, never ids: the admin made Phone Moderator a moderator.
      const promotion = page
        .getByTestId('audit-entry')
        .filter({ has: page.locator('[data-action="member.role_changed"]') })
        .filter({
          has: page.getByTestId('audit-about').getByRole('link', { name: 'Phone Moderator' }),
        });
      await promotion.first().waitFor();
      assert.doesNotMatch(await promotion.first().innerText(), /[0-9a-f]{8}-[0-9a-f]{4}/);
      await screenshot(page, shot('moderation-audit'));
      await page.context().close();
    });
  }

  test('the narrowest and widest phones (360 and 414 px) do not scroll sideways either', async () => {
    const page = await newPage('zh-CN', { viewport: { width: 360, height: 740 } });
    await logInAs(page, moderator, 'zh');
    const paths = [
      '/',
      `/posts/${widePost.id}`,
      '/golden-crown',
      '/notifications',
      '/moderation',
      '/moderation/applications',
      '/moderation/reports',
      '/moderation/members',
      '/moderation/audit',
    ];
    for (const width of [360, 414]) {
      await page.setViewportSize({ width, height: 800 });
      for (const path of paths) {
        await page.goto(path);
        await page.locator('main h1').first().waitFor();
        await page.waitForLoadState('networkidle');
        await assertNoHorizontalOverflow(page);
      }
    }
    await screenshot(page, 'phone-414-zh-moderation-audit.png');
    await page.context().close();
  });

  for (const [label, viewport, lang] of [
    ['desktop, in English', DESKTOP, 'en'],
    ['a phone, in Chinese', PHONE, 'zh'],
  ]) {
    test(`a moderator resolves a report on a comment seeing the content, its author and the reporter (${label})`, async () => {
      const text = TEXT[lang];
      const width = viewport === PHONE ? 'phone' : 'desktop';
      const body = `加我微信领券 ${unique('spam')} ${LONG_URL}`;
      const comment = await call('POST', `/posts/${widePost.id}/comments`, {
        token: commenter.token,
        body: { body },
      });
      await call('POST', '/reports', {
        token: reporter.token,
        body: { targetType: 'comment', targetId: comment.id, reason: `Spam with a link (${lang})` },
      });

      const page = await newPage(text.locale, { viewport });
      await logInAs(page, moderator, lang);
      await page.goto('/moderation/reports');
      const card = page.getByTestId('report').filter({ hasText: `Spam with a link (${lang})` });
      await card.waitFor();
      // What was reported, whose it is and who reported it, before deciding.
      assert.match(await card.getByTestId('reported-text').innerText(), /加我微信领券/);
      await card
        .getByTestId('reported-author')
        .getByRole('link', { name: 'Chatty Commenter' })
        .waitFor();
      await card.getByTestId('reporter').getByRole('link', { name: 'Careful Reporter' }).waitFor();
      await card.getByText(text.comment, { exact: true }).waitFor();
      const link = card.getByRole('link', { name: text.openTarget });
      assert.equal(await link.getAttribute('href'), `/posts/${widePost.id}#comment-${comment.id}`);
      await screenshot(page, `moderation-report-comment-${width}-${lang}.png`);

      // The link leads to the comment on its post.
      await link.click();
      await page.locator('.comment.target', { hasText: '加我微信领券' }).waitFor();
      await page.goBack();
      await card.waitFor();

      await card.getByRole('button', { name: text.hide }).click();
      await page.getByTestId('report-done').getByText(text.hiddenDone).waitFor();
      await card.waitFor({ state: 'detached' });
      await screenshot(page, `moderation-report-resolved-${width}-${lang}.png`);

      // The resolved list says who did what.
      await page.getByLabel(lang === 'zh' ? '状态' : 'Status').selectOption('resolved');
      const resolved = page.getByTestId('report').filter({ hasText: `Spam with a link (${lang})` });
      await resolved.getByText(/Phone Moderator/).waitFor();
      // Members no longer see the comment.
      const comments = await call('GET', `/posts/${widePost.id}/comments`, { token: author.token });
      assert.equal(
        comments.items.some((item) => item.id === comment.id),
        false,
      );
      await page.context().close();
    });
  }

  test('rejecting an application on a phone asks first, then says what happened', async () => {
    const text = TEXT.zh;
    const company = `Phone Reject Trading ${unique('co')}`;
    const rules = await call('GET', '/membership/golden-crown/rules');
    const other = await registerMember('Applicant Li');
    await call('POST', '/membership/applications', {
      token: other.token,
      body: {
        companyName: company,
        annualTurnoverCny: 75_000_000,
        isDecisionMaker: true,
        jobTitle: 'COO',
        organizationType: 'merchant',
        motivation: 'To learn.',
        privacyAgreementVersion: rules.privacyAgreementVersion,
        privacyConsent: true,
      },
    });
    const page = await newPage(text.locale, { viewport: PHONE });
    await logInAs(page, moderator, 'zh');
    await page.goto('/moderation/applications');
    await page
      .getByTestId('application-queue')
      .getByRole('button', { name: new RegExp(company) })
      .click();
    const detail = page.getByTestId('application-detail');
    await detail.getByLabel(text.reasonLabel).fill('营业额证明不清楚');
    await detail.getByRole('button', { name: text.reject, exact: true }).click();
    // Nothing is sent before the moderator confirms.
    const confirm = detail.getByRole('group', { name: text.reject });
    await confirm
      .getByText(/确定拒绝 .* 的申请吗？Applicant Li 会收到这个理由：“营业额证明不清楚”/)
      .waitFor();
    const mine = await call('GET', '/membership/applications/mine', { token: other.token });
    assert.equal(mine.items[0].status, 'pending');
    await screenshot(page, 'moderation-reject-confirm-phone-zh.png');
    await confirm.getByRole('button', { name: text.yesReject }).click();
    await page
      .getByTestId('decision-done')
      .getByText(`已拒绝：已把理由通知 Applicant Li（${company}）。`)
      .waitFor();
    await detail.waitFor({ state: 'detached' });
    const after = await call('GET', '/membership/applications/mine', { token: other.token });
    assert.equal(after.items[0].status, 'rejected');
    await screenshot(page, 'moderation-reject-done-phone-zh.png');
    await page.context().close();
  });

  test('the first journeys’ screens at phone width (390×844)', async () => {
    // 1. A visitor reads the feed in Chinese and a post in English.
    const visitor = await newPage('zh-CN', { viewport: PHONE });
    await visitor.goto('/');
    await visitor.getByRole('heading', { name: '运营人的实战经验' }).waitFor();
    await screenshot(visitor, 'journey-1-visitor-feed-zh-phone.png');
    await visitor.context().close();
    const reader = await newPage('en-US', { viewport: PHONE });
    await reader.goto(`/posts/${widePost.id}`);
    await reader.getByRole('heading', { level: 1 }).waitFor();
    await screenshot(reader, 'journey-1-visitor-post-en-phone.png');
    await reader.context().close();

    // 2. A new comment raises the unread count, in the bar.
    const writer = await registerMember('Phone Writer');
    const post = await call('POST', '/posts', {
      token: writer.token,
      body: { title: `Phone journey ${unique('post')}`, body: 'Short and sweet.' },
    });
    const page = await newPage('en-US', { viewport: PHONE });
    await logInAs(page, writer, 'en');
    await page.goto(`/posts/${post.id}`);
    await page.getByRole('heading', { name: post.title, level: 1 }).waitFor();
    await call('POST', `/posts/${post.id}/comments`, {
      token: commenter.token,
      body: { body: 'Live from a phone.' },
    });
    await page.getByTestId('unread-count').filter({ hasText: '1' }).waitFor();
    await screenshot(page, 'journey-2-notification-count-phone.png');

    // 3. A room with a message.
    await page.goto(`/rooms/${generalRoomId}`);
    await page.getByTestId('presence').getByText('Phone Writer').waitFor();
    await page.getByLabel('Message', { exact: true }).fill(`Hello from a phone ${unique('msg')}`);
    await page.getByLabel('Message', { exact: true }).press('Enter');
    await page.getByTestId('messages').getByText('Hello from a phone').last().waitFor();
    await screenshot(page, 'journey-3-room-phone.png');

    // 4. An approved applicant's Golden Crown page.
    const crowned = await registerMember('Crowned Zhou');
    const rules = await call('GET', '/membership/golden-crown/rules');
    const application = await call('POST', '/membership/applications', {
      token: crowned.token,
      body: {
        companyName: 'Zhou Crown Commerce',
        annualTurnoverCny: 120_000_000,
        isDecisionMaker: true,
        jobTitle: 'CEO',
        organizationType: 'brand',
        motivation: 'Peers.',
        privacyAgreementVersion: rules.privacyAgreementVersion,
        privacyConsent: true,
      },
    });
    await call('POST', `/moderation/applications/${application.id}/decision`, {
      token: moderator.token,
      body: { decision: 'approve' },
    });
    const crownPage = await newPage('en-US', { viewport: PHONE });
    await logInAs(crownPage, crowned, 'en');
    await crownPage.goto('/golden-crown');
    await crownPage.getByTestId('gc-lounge').waitFor();
    await screenshot(crownPage, 'journey-4-golden-crown-approved-phone.png');
    await crownPage.context().close();

    // 5. A hidden post, as its reader sees it.
    const report = await call('POST', '/reports', {
      token: reporter.token,
      body: { targetType: 'post', targetId: post.id, reason: 'Phone journey 5' },
    });
    await call('POST', `/moderation/reports/${report.id}/resolve`, {
      token: moderator.token,
      body: { action: 'hide_content' },
    });
    const hidden = await newPage('en-US', { viewport: PHONE });
    await hidden.goto(`/posts/${post.id}`);
    await hidden.locator('main .error, main .empty, main h1').first().waitFor();
    await screenshot(hidden, 'journey-5-hidden-post-phone.png');
    await hidden.context().close();

    // 6 and 7. The editor with a draft.
    await page.goto('/write');
    await page.getByLabel('Title').fill(`Half-written on a phone ${unique('draft')}`);
    await page.getByLabel('Text (Markdown)').fill('Typed with thumbs.');
    await screenshot(page, 'journey-6-draft-phone.png');
    await page.evaluate(() => sessionStorage.clear());
    await page.context().close();

    // 8. The audit log, by the admin, in English.
    const admin = await newPage('en-US', { viewport: PHONE });
    await logInAs(admin, ADMIN, 'en');
    await admin.goto('/moderation/audit');
    await admin.getByTestId('audit-entry').first().waitFor();
    await screenshot(admin, 'journey-8-audit-log-phone-en.png');
    await admin.context().close();

    // 9. Deleting the account: the danger zone on settings, in Chinese.
    const leaving = await registerMember('Leaving Phone');
    const settings = await newPage('zh-CN', { viewport: PHONE });
    await logInAs(settings, leaving, 'zh');
    await settings.goto('/settings');
    await settings.getByRole('region', { name: '注销账号' }).waitFor();
    await screenshot(settings, 'journey-9-settings-phone-zh.png');
    await settings.context().close();
  });
});
