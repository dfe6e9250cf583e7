// The moderators' dashboard (issue 22): a moderator opens the console and its first screen
// draws charts of GET /api/admin/stats; the figures the test made (refused pre-checks,
// a post) are shown in the charts' tables. English on a desktop, Chinese on a phone (run by
// test/browser/run.mjs, or alone: node test/browser/dashboard.journeys.mjs).
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
} from './support.mjs';

const today = () => new Date().toISOString().slice(0, 10);

/** Three refused pre-checks for turnover, one for a service provider (today, UTC). */
async function refusePrechecks() {
  const body = {
    annualTurnoverCny: 1000,
    isDecisionMaker: true,
    organizationType: 'brand',
  };
  for (let i = 0; i < 3; i++) {
    await call('POST', '/membership/golden-crown/eligibility', { body });
  }
  await call('POST', '/membership/golden-crown/eligibility', {
    body: {
      ...body,
      annualTurnoverCny: 90_000_000,
      organizationType: 'third_party_service_provider',
    },
  });
}

/** Shows only today, so the answer is computed after this test's data (not a cached one). */
async function showToday(page, labels) {
  await page.getByLabel(labels.from, { exact: true }).fill(today());
  await page.getByLabel(labels.to, { exact: true }).fill(today());
  await page.getByRole('button', { name: labels.show }).click();
  await page.getByTestId('dashboard-range').getByText(today()).first().waitFor();
}

/** One chart's box, by its heading. */
const panel = (page, title) =>
  page
    .locator('.dashboard-panel')
    .filter({ has: page.getByRole('heading', { name: title, exact: true }) });

async function chartsDrawn(page) {
  const charts = page.getByTestId('chart');
  await charts.first().locator('svg').first().waitFor();
  assert.ok((await charts.count()) >= 6, 'six charts');
  for (const chart of await charts.all()) {
    assert.ok((await chart.locator('svg path, svg rect').count()) > 0, 'a chart draws shapes');
  }
}

describe('The moderators’ dashboard', { concurrency: false }, () => {
  test('D1. a moderator’s console opens on charts with the test’s figures (English, desktop)', async () => {
    const moderator = await registerMember('Dashboard Moderator Du');
    await makeModerator(moderator);
    const writer = await registerMember('Dashboard Writer Wu');
    await call('POST', '/posts', {
      token: writer.token,
      body: { title: 'Counted on the dashboard', body: 'One post for the activity chart' },
    });
    await refusePrechecks();

    const page = await newPage('en-US', { viewport: DESKTOP });
    await logIn(page, moderator);
    await page.goto('/moderation');
    await page.getByRole('link', { name: 'Dashboard', exact: true }).waitFor();
    await page.getByTestId('dashboard').waitFor();
    await showToday(page, { from: 'From', to: 'To', show: 'Show' });
    await chartsDrawn(page);

    const token = (
      await call('POST', '/auth/login', {
        body: { email: moderator.email, password: moderator.password },
      })
    ).accessToken;
    const stats = await call('GET', `/admin/stats?from=${today()}&to=${today()}`, { token });
    assert.ok(stats.applications.refusedAtPreCheckByRule.TURNOVER_BELOW_MINIMUM >= 3);
    assert.ok(stats.activity.postsPerBucket[0].count >= 1);

    const refused = panel(page, 'Pre-checks refused, by rule');
    await refused.getByText('The figures as a table').click();
    const row = refused.getByRole('row', { name: /Turnover below the minimum/ });
    await row
      .getByRole('cell', {
        name: String(stats.applications.refusedAtPreCheckByRule.TURNOVER_BELOW_MINIMUM),
        exact: true,
      })
      .waitFor();
    const activity = panel(page, 'Activity');
    await activity.getByText('The figures as a table').click();
    await activity
      .getByRole('row', { name: new RegExp(today()) })
      .getByRole('cell', { name: String(stats.activity.postsPerBucket[0].count), exact: true })
      .first()
      .waitFor();
    await page.getByText('Members now').waitFor();
    await screenshot(page, 'dashboard-desktop.png');

    // The application queue moved one tab along.
    await page.getByRole('link', { name: 'Applications' }).click();
    await page.waitForURL((url) => url.pathname === '/moderation/applications');
    await page.getByTestId('application-queue').waitFor({ state: 'attached' });
    await page.context().close();
  });

  test('D2. the dashboard reads well on a phone, in Chinese, with week buckets', async () => {
    const moderator = await registerMember('Dashboard Moderator Ding');
    await makeModerator(moderator);
    // Logged in at desktop width (the phone folds the menu), then the phone's width.
    const page = await newPage('en-US', { viewport: DESKTOP });
    await logIn(page, moderator);
    await page.setViewportSize(PHONE);
    await page.evaluate(() => localStorage.setItem('laogao.language', 'zh'));
    await page.goto('/moderation');
    await page.getByRole('link', { name: '数据看板' }).waitFor();
    await page.getByLabel('统计周期').selectOption('week');
    await page.getByRole('button', { name: '查看' }).click();
    await page.getByText('当前会员数').waitFor();
    await chartsDrawn(page);
    // Week buckets start on a Monday.
    const table = panel(page, '新会员');
    await table.getByText('以表格查看数据').click();
    const firstStart = await table.locator('tbody th').first().textContent();
    assert.equal(new Date(`${firstStart}T00:00:00Z`).getUTCDay(), 1, `${firstStart} is a Monday`);
    await screenshot(page, 'dashboard-phone-zh.png');
    await page.context().close();
  });
});
