// The tab's title (issue 16): every page names itself and the site (useDocumentTitle in
// web/src), a post by its own title, in English and in Chinese. The journeys move between
// pages by clicking links, the way a reader does, so a title left over from the previous
// page would show (run by test/browser/run.mjs, or alone: node test/browser/titles.journeys.mjs).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { PHONE, call, makeModerator, newPage, registerMember, unique } from './support.mjs';

/**
 * What each page is called, in each language (the texts of web/src/i18n): the navigation
 * link that leads to it, its first heading and the page's part of the tab's title.
 */
const TEXT = {
  en: {
    locale: 'en-US',
    htmlLang: 'en',
    site: 'Laogao Circle',
    language: 'Language',
    menu: 'Menu',
    email: 'Email',
    password: 'Password',
    logInButton: 'Log in',
    pages: {
      feed: { link: 'Posts', heading: 'Experience shared by operators', title: 'Posts' },
      rooms: { link: 'Discussion', heading: 'Live discussion', title: 'Live discussion' },
      directory: { link: 'Members', heading: 'Members', title: 'Members' },
      goldenCrown: {
        link: 'Golden Crown',
        heading: '♛ Golden Crown Club',
        title: 'Golden Crown Club',
      },
      login: { link: 'Log in', heading: 'Log in', title: 'Log in' },
      write: { link: 'Write', heading: 'Write a post', title: 'Write a post' },
      moderation: { link: 'Moderation', heading: 'Moderation', title: 'Moderation' },
      notifications: { link: /^Notifications:/, heading: 'Notifications', title: 'Notifications' },
      // The link to one's own profile bears the member's name.
      settings: { heading: 'My profile', title: 'My profile' },
    },
    reportsTab: 'Reports',
  },
  zh: {
    locale: 'zh-CN',
    htmlLang: 'zh-CN',
    site: '老高电商圈',
    language: '语言',
    menu: '菜单',
    email: '邮箱',
    password: '密码',
    logInButton: '登录',
    pages: {
      feed: { link: '经验分享', heading: '运营人的实战经验', title: '经验分享' },
      rooms: { link: '实时讨论', heading: '实时讨论', title: '实时讨论' },
      directory: { link: '会员名录', heading: '会员名录', title: '会员名录' },
      goldenCrown: { link: '金冠俱乐部', heading: '♛ 金冠俱乐部', title: '金冠俱乐部' },
      login: { link: '登录', heading: '登录', title: '登录' },
      write: { link: '写文章', heading: '写文章', title: '写文章' },
      moderation: { link: '管理后台', heading: '管理后台', title: '管理后台' },
      notifications: { link: /^通知/, heading: '通知', title: '通知' },
      settings: { heading: '我的资料', title: '我的资料' },
    },
    reportsTab: '举报',
  },
};

/**
 * The tab's title becomes exactly `<name> · <site>` (it is set just after the page is drawn);
 * if it does not, the assertion names the title the tab shows instead.
 */
async function expectTitle(page, lang, name) {
  const expected = `${name} · ${TEXT[lang].site}`;
  await page
    .waitForFunction((want) => document.title === want, expected, { timeout: 5_000 })
    .catch(() => undefined);
  const title = await page.title();
  assert.notEqual(title.trim(), '', `${new URL(page.url()).pathname} has no title`);
  assert.equal(title, expected, `the title of ${new URL(page.url()).pathname}`);
}

/** The page `key` is shown (its first heading) and the tab is titled after it. */
async function expectPage(page, lang, key) {
  const { heading, title } = TEXT[lang].pages[key];
  await page.getByRole('heading', { level: 1, name: heading, exact: true }).waitFor();
  await expectTitle(page, lang, title);
}

/** Clicks the site's navigation link to page `key` (through the menu on a phone). */
async function navigate(page, lang, key, { phone = false, member } = {}) {
  const text = TEXT[lang];
  const { link } = text.pages[key];
  const name = key === 'settings' ? member.displayName : link;
  // The bell stays in the bar on a phone; every other link is in the folded menu.
  if (phone && key !== 'notifications') {
    await page.getByRole('button', { name: text.menu }).click();
  }
  await page
    .getByRole('link', { name, exact: typeof name === 'string' })
    .and(page.locator('header a'))
    .click();
  await expectPage(page, lang, key);
}

/** Opens `post` from the link `scope` shows, and checks the post names the tab. */
async function openPost(page, lang, scope, post) {
  await scope.getByRole('link', { name: post.title, exact: true }).click();
  await expectPost(page, lang, post);
}

/** The post is shown, and the tab bears its title (not the page before's). */
async function expectPost(page, lang, post) {
  await page.getByRole('heading', { level: 1, name: post.title, exact: true }).waitFor();
  await expectTitle(page, lang, post.title);
}

/** A new member (`displayName` kept: the link to their own profile bears it). */
async function newMember(displayName) {
  return { ...(await registerMember(displayName)), displayName };
}

/** Fills and sends the login form the page shows, in the page's language, at any width. */
async function logInAs(page, member, lang) {
  const text = TEXT[lang];
  await page.getByLabel(text.email).fill(member.email);
  await page.getByLabel(text.password, { exact: true }).fill(member.password);
  await page.getByRole('button', { name: text.logInButton }).click();
  // The bell is in the bar at every width once signed in.
  await page.getByRole('link', { name: text.pages.notifications.link }).waitFor();
}

/** Two posts by a new author, related by a tag of their own. */
async function twoPosts(titles) {
  const author = await registerMember('Title Author');
  const tag = unique('titles').toLowerCase();
  const posts = [];
  for (const title of titles) {
    posts.push(
      await call('POST', '/posts', {
        token: author.token,
        body: { title: unique(title), body: 'Keep the main picture simple.', tags: [tag] },
      }),
    );
  }
  return posts;
}

async function switchLanguage(page, from, to, { phone = false } = {}) {
  if (phone) await page.getByRole('button', { name: TEXT[from].menu }).click();
  await page.getByLabel(TEXT[from].language, { exact: true }).selectOption(to);
  await page.locator(`html[lang="${TEXT[to].htmlLang}"]`).waitFor({ state: 'attached' });
}

describe('Tab titles in the browser', { concurrency: false }, () => {
  test('a visitor: each page names itself and the site, after every click, in English then Chinese', async () => {
    const [first, second] = await twoPosts(['Choosing a main picture', 'Reading a search report']);
    const page = await newPage('en-US');
    await page.goto('/');
    await expectPage(page, 'en', 'feed');

    // A post is named by its own title; the next post by its own, in the same screen.
    await openPost(page, 'en', page.getByTestId('post-list'), first);
    await openPost(page, 'en', page.getByTestId('related'), second);
    await navigate(page, 'en', 'feed');
    await page.goBack();
    await expectPost(page, 'en', second);
    await page.goForward();
    await expectPage(page, 'en', 'feed');

    for (const key of ['rooms', 'goldenCrown', 'login']) await navigate(page, 'en', key);

    // The language changes the title of the page in front of the reader at once.
    await switchLanguage(page, 'en', 'zh');
    await expectPage(page, 'zh', 'login');
    await navigate(page, 'zh', 'feed');
    await openPost(page, 'zh', page.getByTestId('post-list'), first);
    for (const key of ['rooms', 'goldenCrown', 'login', 'feed']) await navigate(page, 'zh', key);
    await page.context().close();
  });

  test('a moderator in Chinese, then English: member pages, the console and a post', async () => {
    const [first] = await twoPosts(['Pricing for a flash sale', 'Coupons that pay off']);
    const moderator = await newMember('Title Moderator Gu');
    await makeModerator(moderator);
    const page = await newPage('zh-CN');

    // A member's page sends the visitor to the login, titled as the login; once signed in
    // the page asked for is shown, with its own title.
    await page.goto('/notifications');
    await expectPage(page, 'zh', 'login');
    assert.match(page.url(), /\/login\?next=%2Fnotifications$/);
    await logInAs(page, moderator, 'zh');
    await expectPage(page, 'zh', 'notifications');

    await navigate(page, 'zh', 'feed');
    await openPost(page, 'zh', page.getByTestId('post-list'), first);
    for (const key of [
      'directory',
      'rooms',
      'settings',
      'notifications',
      'goldenCrown',
      'write',
      'moderation',
    ]) {
      await navigate(page, 'zh', key, { member: moderator });
    }
    // The console's own tabs keep its title.
    await page
      .locator('.moderation .tabs')
      .getByRole('link', { name: TEXT.zh.reportsTab, exact: true })
      .click();
    await page.getByTestId('report-queue').waitFor({ state: 'attached' });
    assert.match(page.url(), /\/moderation\/reports$/);
    await expectTitle(page, 'zh', TEXT.zh.pages.moderation.title);

    await switchLanguage(page, 'zh', 'en');
    await expectPage(page, 'en', 'moderation');
    for (const key of ['directory', 'settings', 'notifications', 'feed']) {
      await navigate(page, 'en', key, { member: moderator });
    }
    await openPost(page, 'en', page.getByTestId('post-list'), first);
    await navigate(page, 'en', 'moderation');
    await page.goBack();
    await expectPost(page, 'en', first);
    await page.context().close();
  });

  test('a member on a phone: the same titles through the folded menu', async () => {
    const [first, second] = await twoPosts(['Live streaming checklist', 'Live streaming scripts']);
    const member = await newMember('Title Phone Reader');
    const page = await newPage('en-US', { viewport: PHONE });
    await page.goto('/login');
    await logInAs(page, member, 'en');
    await expectPage(page, 'en', 'feed');
    await openPost(page, 'en', page.getByTestId('post-list'), first);
    await openPost(page, 'en', page.getByTestId('related'), second);
    const phone = { phone: true, member };
    for (const key of [
      'directory',
      'notifications',
      'settings',
      'goldenCrown',
      'rooms',
      'write',
      'feed',
    ]) {
      await navigate(page, 'en', key, phone);
    }
    await switchLanguage(page, 'en', 'zh', phone);
    await expectPage(page, 'zh', 'feed');
    await openPost(page, 'zh', page.getByTestId('post-list'), first);
    for (const key of ['settings', 'notifications', 'directory']) {
      await navigate(page, 'zh', key, phone);
    }
    await page.context().close();
  });
});
