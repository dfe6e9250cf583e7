// The first journeys: reading, writing, live discussion, the Golden Crown application,
// moderation, sessions and account deletion (run by test/browser/run.mjs).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  ADMIN,
  DESKTOP,
  PASSWORD,
  PHONE,
  baseUrl,
  call,
  draftKeys,
  endSessionElsewhere,
  logIn,
  makeModerator,
  newPage,
  registerMember,
  screenshot,
  sessionStorageText,
  submitLogin,
  unique,
} from './support.mjs';
describe('Laogao Circle in the browser', { concurrency: false }, () => {
  test('1. a visitor reads the feed and a post in Chinese, then switches to English', async () => {
    const author = await registerMember('老王');
    const tag = unique('seo').toLowerCase();
    const first = await call('POST', '/posts', {
      token: author.token,
      body: {
        title: '大促前的流量入口清单',
        body: '**先报名**，再优化主图。',
        tags: [tag, '大促'],
      },
    });
    const second = await call('POST', '/posts', {
      token: author.token,
      body: { title: '搜索排名的三个细节', body: '标题关键词要和类目一致。', tags: [tag] },
    });

    const page = await newPage('zh-CN');
    await page.goto('/');
    await page.getByRole('heading', { name: '运营人的实战经验' }).waitFor();
    await page.getByRole('link', { name: first.title }).waitFor();

    // Amounts in the Chinese way on the Golden Crown rules, which visitors may read.
    await page.getByRole('link', { name: '金冠俱乐部' }).click();
    await page.getByTestId('gc-rules').getByText('年营业额低于 7,000万（人民币）；').waitFor();

    // By tag, then search.
    await page.goto(`/?tag=${encodeURIComponent(tag)}`);
    await page.getByRole('heading', { name: `标签“${tag}”` }).waitFor();
    await page.getByRole('link', { name: second.title }).waitFor();
    await page.getByLabel('搜索文章').fill('流量入口');
    await page.getByRole('button', { name: '搜索' }).click();
    await page.getByRole('heading', { name: '“流量入口”的搜索结果' }).waitFor();
    await page.getByRole('link', { name: first.title }).click();

    // The post, its comments and "recommended reading", in Chinese.
    await page.getByRole('heading', { name: first.title, level: 1 }).waitFor();
    await page.locator('.prose strong', { hasText: '先报名' }).waitFor();
    await page.getByRole('heading', { name: '推荐阅读' }).waitFor();
    await page.getByTestId('related').getByRole('link', { name: second.title }).waitFor();
    await page.getByRole('heading', { name: '评论' }).waitFor();
    assert.equal(await page.locator('html').getAttribute('lang'), 'zh-CN');

    await page.getByLabel('语言', { exact: true }).selectOption('en');
    await page.getByRole('heading', { name: 'Recommended reading' }).waitFor();
    await page.getByRole('heading', { name: 'Comments' }).waitFor();
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');

    // The author's public profile, still in English after a reload.
    await page.getByRole('link', { name: '老王' }).first().click();
    await page.getByRole('heading', { name: 'Posts' }).waitFor();
    await page.reload();
    await page.getByRole('heading', { name: 'Posts' }).waitFor();
    await screenshot(page, 'journey-1-visitor-post-en.png');

    // On a phone-sized screen the navigation folds into a menu button.
    await page.setViewportSize({ width: 390, height: 844 });
    const posts = page.getByRole('link', { name: 'Posts', exact: true });
    assert.equal(await posts.isVisible(), false);
    await page.getByRole('button', { name: 'Menu' }).click();
    await posts.click();
    await page.getByRole('heading', { name: 'Experience shared by operators' }).waitFor();
    await screenshot(page, 'journey-1-visitor-feed-phone.png');
    await page.context().close();
  });

  test('2. register, write a post, see it in the feed; a comment raises the unread count live', async () => {
    const page = await newPage('en-US');
    const email = `${unique('writer')}@laogao.test`;
    await page.goto('/register');
    await page.getByLabel('Display name').fill('Li Lei');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Join' }).last().click();

    // Profile and operator type.
    await page.getByRole('heading', { name: 'My profile' }).waitFor();
    await page.getByLabel('Operator type').selectOption('store_manager');
    await page.getByLabel('Company', { exact: true }).fill('Hangzhou Example Trading');
    // The profile's own form (the settings page has more sections with a Save button).
    const profileForm = page.locator('form').filter({ has: page.getByLabel('Operator type') });
    await profileForm.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Saved.').waitFor();

    // Write with a preview.
    const title = `Activity entrances for ${unique('618')}`;
    await page.getByRole('link', { name: 'Write' }).click();
    await page.getByLabel('Title').fill(title);
    await page
      .getByLabel('Text (Markdown)')
      .fill('Register **early** for the entrances.\n\n- check the calendar');
    await page.getByLabel('Tags (comma separated, at most 5)').fill('activity, timing');
    await page.getByRole('tab', { name: 'Preview' }).click();
    await page.locator('.preview strong', { hasText: 'early' }).waitFor();
    await page.getByRole('button', { name: 'Publish' }).click();
    await page.getByRole('heading', { name: title, level: 1 }).waitFor();
    const postId = page.url().split('/posts/')[1];
    assert.ok(postId);

    await page.getByRole('link', { name: 'Posts', exact: true }).click();
    await page.getByTestId('post-list').getByRole('link', { name: title }).waitFor();
    assert.equal(await page.getByTestId('unread-count').count(), 0);

    const reader = await registerMember('Han Meimei');
    await call('POST', `/posts/${postId}/comments`, {
      token: reader.token,
      body: { body: 'Very useful, thanks!' },
    });
    // No reload: the socket's `notification` refreshes the count, and names who did it.
    await page.getByTestId('unread-count').filter({ hasText: '1' }).waitFor();
    await page
      .getByRole('status')
      .filter({ hasText: 'Han Meimei commented on your post' })
      .waitFor();
    await screenshot(page, 'journey-2-notification-count.png');

    // The notification leads to the comment it is about.
    await page.getByRole('link', { name: /^Notifications/ }).click();
    await page
      .getByTestId('notification')
      .getByRole('link', { name: `Han Meimei commented on your post “${title}”.` })
      .click();
    await page.getByRole('heading', { name: title, level: 1 }).waitFor();
    assert.match(page.url(), new RegExp(`/posts/${postId}#comment-`));
    await page.locator('.comment.target', { hasText: 'Very useful, thanks!' }).waitFor();
    await page.context().close();
  });

  test('3. two members in one room see each other live and in presence', async () => {
    const alice = await registerMember('Alice Zhao');
    const bob = await registerMember('Bob Qian');
    const rooms = await call('GET', '/rooms', { token: alice.token });
    const general = rooms.items.find((room) => room.slug === 'general');
    assert.ok(general, 'the general room exists');

    const a = await newPage('en-US');
    const b = await newPage('en-US');
    await logIn(a, alice);
    await logIn(b, bob);
    await a.getByRole('link', { name: 'Discussion' }).click();
    await a.getByRole('link', { name: 'General discussion' }).click();
    await b.goto(`/rooms/${general.id}`);

    for (const page of [a, b]) {
      await page.getByTestId('presence').getByText('Alice Zhao').waitFor();
      await page.getByTestId('presence').getByText('Bob Qian').waitFor();
    }

    const hello = `Hello from Alice ${unique('msg')}`;
    await a.getByLabel('Message', { exact: true }).fill(hello);
    await a.getByRole('button', { name: 'Send' }).click();
    await b.getByTestId('messages').getByText(hello).waitFor();

    const reply = `Hi Alice, Bob here ${unique('msg')}`;
    await b.getByLabel('Message', { exact: true }).fill(reply);
    await b.getByLabel('Message', { exact: true }).press('Enter');
    await a.getByTestId('messages').getByText(reply).waitFor();
    // Each message once, in both windows.
    assert.equal(await a.getByTestId('messages').getByText(hello).count(), 1);
    assert.equal(await b.getByTestId('messages').getByText(reply).count(), 1);

    await screenshot(a, 'journey-3-room-alice.png');
    await screenshot(b, 'journey-3-room-bob.png');
    await a.context().close();
    await b.context().close();
  });

  test('4. an applicant sees the refusal before submitting, applies, and sees the approval live', async () => {
    const applicant = await registerMember('Zhang Wei');
    const moderator = await registerMember('Moderator Sun');
    await makeModerator(moderator);

    const page = await newPage('en-US');
    await logIn(page, applicant);
    await page.getByRole('link', { name: 'Golden Crown' }).click();
    await page.getByTestId('gc-rules').getByText('third-party service provider').waitFor();
    await page.getByTestId('gc-rules').getByText('¥70,000,000').waitFor();

    await page.getByLabel('Company name').fill('Hangzhou Crown Commerce Ltd');
    await page.getByLabel('Annual turnover (CNY)').fill('69,999,999');
    await page.getByRole('radio', { name: 'Yes' }).check();
    await page.getByLabel('Type of organization').selectOption('brand');
    await page.getByTestId('eligibility').locator('[data-code="TURNOVER_BELOW_MINIMUM"]').waitFor();
    assert.match(
      await page.getByTestId('eligibility').innerText(),
      /Annual turnover is below the minimum of ¥70,000,000/,
    );
    const submit = page.getByRole('button', { name: 'Submit my application' });
    assert.equal(await submit.isDisabled(), true);

    await page.getByLabel('Annual turnover (CNY)').fill('70000000');
    await page.getByTestId('eligibility').getByText('You meet the three rules.').waitFor();
    await page.getByLabel('Job title').fill('CEO');
    await page.getByLabel('Why do you want to join?').fill('To learn from peers running brands.');
    await page.getByRole('button', { name: 'Read the privacy agreement' }).click();
    await page.locator('#privacy-agreement h3').waitFor();
    await page
      .getByRole('checkbox', { name: /I have read and accept the privacy agreement/ })
      .check();
    await submit.click();
    await page.getByRole('button', { name: 'Yes, send my application' }).click();
    await page.getByTestId('application-status').filter({ hasText: 'Pending review' }).waitFor();

    const review = await newPage('en-US');
    await logIn(review, moderator);
    await review.getByRole('link', { name: 'Moderation' }).click();
    // The console opens on the dashboard; applications have their own tab.
    await review.getByRole('link', { name: 'Applications', exact: true }).click();
    await review
      .getByTestId('application-queue')
      .getByRole('button', { name: /Hangzhou Crown Commerce Ltd/ })
      .first()
      .click();
    await review.getByTestId('application-detail').getByText('Zhang Wei').waitFor();
    await review.getByRole('button', { name: 'Approve' }).click();
    await review.getByRole('button', { name: 'Yes, approve' }).click();
    await review.getByTestId('application-detail').waitFor({ state: 'detached' });

    // The applicant's page, not reloaded: the decision arrives on the socket.
    await page.getByTestId('application-status').filter({ hasText: 'Approved' }).waitFor();
    await page
      .getByTestId('gc-lounge')
      .getByRole('link', { name: /Open the lounge/ })
      .waitFor();
    await screenshot(page, 'journey-4-golden-crown-approved.png');
    await page
      .getByTestId('gc-lounge')
      .getByRole('link', { name: /Open the lounge/ })
      .click();
    await page.getByTestId('presence').getByText('Zhang Wei').waitFor();
    await review.context().close();
    await page.context().close();
  });

  test('5. a moderator hides a reported post; members no longer see it', async () => {
    const author = await registerMember('Spammer Liu');
    const reporter = await registerMember('Careful Chen');
    const moderator = await registerMember('Moderator Zhou');
    await makeModerator(moderator);
    const title = `Cheap followers, contact me ${unique('spam')}`;
    const post = await call('POST', '/posts', {
      token: author.token,
      body: { title, body: 'Buy fans here.', tags: ['spam'] },
    });

    const page = await newPage('en-US');
    await logIn(page, reporter);
    await page.goto(`/posts/${post.id}`);
    await page.getByRole('heading', { name: title, level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Report' }).first().click();
    await page.getByLabel('What is wrong?').fill('Selling fake followers');
    await page.getByRole('button', { name: 'Send report' }).click();
    await page.getByText('Thank you. A moderator will look at it.').waitFor();

    const mod = await newPage('en-US');
    await logIn(mod, moderator);
    await mod.goto('/moderation/reports');
    const report = mod.getByTestId('report').filter({ hasText: 'Selling fake followers' });
    await report.getByRole('button', { name: 'Hide the content' }).click();
    await report.waitFor({ state: 'detached' });

    await page.goto('/');
    await page.getByTestId('post-list').waitFor();
    assert.equal(await page.getByRole('link', { name: title }).count(), 0);
    await page.goto(`/posts/${post.id}`);
    await page.getByTestId('post-unavailable').getByText('This post is not available').waitFor();
    await screenshot(page, 'journey-5-hidden-post.png');
    await mod.context().close();
    await page.context().close();
  });
  test('6. an expired session sends the writer to log in, and the draft survives', async () => {
    const writer = await registerMember('Draft Keeper');
    const page = await newPage('en-US');
    await logIn(page, writer);
    await page.getByRole('link', { name: 'Write' }).click();
    const title = `Half-written ${unique('draft')}`;
    await page.getByLabel('Title').fill(title);
    await page.getByLabel('Text (Markdown)').fill('Typed before the session ended.');

    await endSessionElsewhere(page);

    // The server closes the session's socket; its refresh fails, and the writer is asked
    // to log in (a click on Publish would end the same way, through the 401).
    await page.getByText('Your session ended. Log in again: what you typed is kept.').waitFor();
    assert.match(page.url(), /\/login\?expired=1&next=%2Fwrite/);
    await submitLogin(page, writer);
    await page.getByLabel('Title').waitFor();
    assert.equal(await page.getByLabel('Title').inputValue(), title);
    await page.getByRole('button', { name: 'Publish' }).click();
    await page.getByRole('heading', { name: title, level: 1 }).waitFor();
    await screenshot(page, 'journey-6-draft-after-login.png');
    await page.context().close();
  });

  test('7. the next member in the same tab sees nothing of the previous one: drafts, cache, forms', async () => {
    const alice = await registerMember('Alice Wen');
    const bob = await registerMember('Bob Lin');
    const rules = await call('GET', '/membership/golden-crown/rules');
    const company = unique('Alice Withdrawn Trading');
    const application = await call('POST', '/membership/applications', {
      token: alice.token,
      body: {
        companyName: company,
        annualTurnoverCny: 80_000_000,
        isDecisionMaker: true,
        jobTitle: 'CEO',
        organizationType: 'brand',
        motivation: 'To compare notes with peers.',
        privacyAgreementVersion: rules.privacyAgreementVersion,
        privacyConsent: true,
      },
    });
    await call('POST', `/membership/applications/${application.id}/withdraw`, {
      token: alice.token,
    });

    // Alice: her application in the cache, a Golden Crown draft and a post draft.
    const page = await newPage('en-US');
    await logIn(page, alice);
    await page.getByRole('link', { name: 'Golden Crown' }).click();
    await page.getByTestId('application').filter({ hasText: company }).waitFor();
    const draftCompany = unique('Alice Draft Holdings');
    await page.getByLabel('Company name').fill(draftCompany);
    await page.getByLabel('Annual turnover (CNY)').fill('123,456,789');
    await page.getByRole('link', { name: 'Write' }).click();
    const draftTitle = unique('Alice half-written');
    await page.getByLabel('Title').fill(draftTitle);
    await page.getByLabel('Text (Markdown)').fill('Only Alice may read this.');
    assert.deepEqual((await draftKeys(page)).sort(), [
      'laogao.draft.golden-crown',
      'laogao.draft.post.new',
    ]);

    // She logs out; Bob logs in in the same tab, without a page load (the cache lives on).
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByRole('link', { name: 'Log in' }).click();
    assert.deepEqual(await draftKeys(page), []);
    await submitLogin(page, bob);
    await page.getByRole('button', { name: 'Log out' }).waitFor();

    // Bob's own applications are held back: what shows meanwhile is not Alice's.
    let release;
    const held = new Promise((resolve) => (release = resolve));
    let requested;
    const asked = new Promise((resolve) => (requested = resolve));
    await page.route('**/api/membership/applications/mine', async (route) => {
      requested();
      await held;
      await route.continue();
    });
    await page.getByRole('link', { name: 'Golden Crown' }).click();
    await asked;
    await page.getByRole('heading', { name: 'My applications' }).waitFor();
    assert.equal(await page.getByTestId('application').count(), 0);
    assert.equal(await page.getByText(company).count(), 0);
    await page.getByRole('region', { name: 'My applications' }).getByRole('status').waitFor();
    release();
    await page.getByText('You have not applied yet.').waitFor();
    assert.equal(await page.getByLabel('Company name').inputValue(), '');
    assert.equal(await page.getByLabel('Annual turnover (CNY)').inputValue(), '');
    await page.unroute('**/api/membership/applications/mine');
    await page.getByRole('link', { name: 'Write' }).click();
    assert.equal(await page.getByLabel('Title').inputValue(), '');
    assert.equal(await page.getByLabel('Text (Markdown)').inputValue(), '');
    for (const secret of [company, draftCompany, '123,456,789', draftTitle]) {
      assert.ok(!(await sessionStorageText(page)).includes(secret), secret);
    }
    await screenshot(page, 'journey-7-next-member-clean.png');
    // The same clean editor at phone width, with nothing of Alice's on the screen.
    await page.setViewportSize(PHONE);
    await page.getByRole('button', { name: 'Menu' }).waitFor();
    assert.equal(await page.getByLabel('Title').inputValue(), '');
    assert.equal(await page.getByLabel('Text (Markdown)').inputValue(), '');
    for (const secret of [company, draftCompany, draftTitle]) {
      assert.equal(await page.getByText(secret).count(), 0, secret);
    }
    await screenshot(page, 'journey-7-next-member-clean-phone.png');
    await page.setViewportSize(DESKTOP);

    // Bob starts a post; his session ends elsewhere, and Alice signs in on the login page
    // it leads to: Bob's draft is kept for Bob only, so Alice gets an empty editor.
    const bobTitle = unique('Bob half-written');
    await page.getByLabel('Title').fill(bobTitle);
    await endSessionElsewhere(page);
    await page.getByText('Your session ended. Log in again: what you typed is kept.').waitFor();
    await submitLogin(page, alice);
    await page.getByLabel('Title').waitFor();
    assert.equal(await page.getByLabel('Title').inputValue(), '');
    assert.ok(!(await sessionStorageText(page)).includes(bobTitle));
    await page.context().close();
  });

  test('8. the audit log of a fresh install shows system actions; a broken screen never blanks the app', async () => {
    const moderator = await registerMember('Moderator Qin');
    await makeModerator(moderator);
    const page = await newPage('en-US');
    await page.setViewportSize({ width: 1366, height: 900 });
    await logIn(page, moderator);
    await page.getByRole('link', { name: 'Moderation' }).click();
    await page.getByRole('link', { name: 'Audit log' }).click();
    // The admin created from the environment at the first start: no member did it.
    const bootstrap = page
      .getByTestId('audit-entry')
      .filter({ has: page.locator('[data-action="member.admin_created"]') });
    await bootstrap.getByTestId('audit-actor').getByText('system', { exact: true }).waitFor();
    await screenshot(page, 'journey-8-audit-log-desktop.png');

    // An answer the screen cannot draw: an error panel in its place, the rest still works.
    await page.route('**/api/moderation/audit-log*', (route) =>
      route.fulfill({ json: { items: [null], nextCursor: null } }),
    );
    await page.reload();
    const panel = page.getByTestId('error-panel');
    await panel.getByRole('heading', { name: 'This screen could not be shown' }).waitFor();
    const reload = panel.getByRole('link', { name: 'Reload the page' });
    assert.equal(await reload.getAttribute('href'), '/moderation/audit');
    await screenshot(page, 'journey-8-error-panel.png');
    // The same panel at phone width, with the menu to leave it.
    await page.setViewportSize(PHONE);
    await panel.getByRole('heading', { name: 'This screen could not be shown' }).waitFor();
    assert.equal(await reload.getAttribute('href'), '/moderation/audit');
    await page.getByRole('button', { name: 'Menu' }).waitFor();
    await screenshot(page, 'journey-8-error-panel-phone.png');
    await page.setViewportSize(DESKTOP);
    await page.getByRole('link', { name: 'Posts', exact: true }).click();
    await page.getByRole('heading', { name: 'Experience shared by operators' }).waitFor();
    assert.equal(await panel.count(), 0);
    await page.goBack();
    await panel.waitFor();
    await page.unroute('**/api/moderation/audit-log*');
    await reload.click();
    await bootstrap.getByTestId('audit-actor').getByText('system', { exact: true }).waitFor();

    // On a phone, in Chinese.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByRole('button', { name: 'Menu' }).click();
    await page.getByLabel('Language', { exact: true }).selectOption('zh');
    await bootstrap.getByTestId('audit-actor').getByText('系统', { exact: true }).waitFor();
    await screenshot(page, 'journey-8-audit-log-phone-zh.png');
    await page.context().close();
  });

  test('9. deleting the account asks for the password; a wrong one is refused in both languages', async () => {
    const member = await registerMember('Leaving Luo');
    const page = await newPage('en-US');
    await logIn(page, member);
    await page.getByRole('link', { name: 'Leaving Luo' }).click();
    const zone = page.getByRole('region', { name: 'Delete my account' });
    await zone.getByText(/This cannot be undone\./).waitFor();
    await zone.getByLabel('Your password, to confirm').fill(`${member.password}-wrong`);
    await zone.getByRole('button', { name: 'Delete my account for good' }).click();
    await zone.getByRole('alert').filter({ hasText: 'Wrong password.' }).waitFor();
    await page.getByLabel('Language', { exact: true }).selectOption('zh');
    await page
      .getByRole('region', { name: '注销账号' })
      .getByRole('alert')
      .filter({ hasText: '密码错误。' })
      .waitFor();
    await screenshot(page, 'journey-9-wrong-password-zh.png');
    await page.getByLabel('语言', { exact: true }).selectOption('en');
    // Nothing was erased: the member is still signed in and may still log in.
    await call('POST', '/auth/login', { body: { email: member.email, password: member.password } });

    await zone.getByLabel('Your password, to confirm').fill(member.password);
    await zone.getByRole('button', { name: 'Delete my account for good' }).click();
    await page.getByRole('status').filter({ hasText: 'Your account has been deleted.' }).waitFor();
    await page.getByRole('link', { name: 'Log in' }).waitFor();
    assert.equal(await page.evaluate(() => localStorage.getItem('laogao.refreshToken')), null);
    const again = await fetch(`${baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: member.email, password: member.password }),
    });
    assert.equal(again.status, 401);
    await page.context().close();
  });
});
