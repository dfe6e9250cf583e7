// Golden Crown terms (issue 21): an approved member sees on the Golden Crown page until when
// their membership runs and when the renewal window opens; the moderators' review shows the
// committee's approvals (each by its voter's name) and explains recusal. English on a
// desktop, Chinese on a phone.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  ADMIN,
  DESKTOP,
  PHONE,
  applicationBody,
  assertNoHorizontalOverflow,
  call,
  logIn,
  makeModerator,
  newPage,
  registerMember,
  screenshot,
  submitLogin,
} from './support.mjs';

/** A member with a pending application, and its id. */
async function applicant(name) {
  const member = await registerMember(name);
  const application = await call('POST', '/membership/applications', {
    token: member.token,
    body: await applicationBody({ companyName: 'Term Journey Trading Co.' }),
  });
  return { member, applicationId: application.id };
}

async function approveAsAdmin(applicationId) {
  const admin = await call('POST', '/auth/login', { body: ADMIN });
  return call('POST', `/moderation/applications/${applicationId}/decision`, {
    token: admin.accessToken,
    body: { decision: 'approve' },
  });
}

/** A moderator who reviews without voting, and the admin's display name (the voter's). */
async function reviewerAndVoterName() {
  const admin = await call('POST', '/auth/login', { body: ADMIN });
  const me = await call('GET', '/members/me', { token: admin.accessToken });
  const reviewer = await registerMember('Reviewing Rui');
  await makeModerator(reviewer);
  return { reviewer, voterName: me.displayName };
}

describe('Golden Crown terms in the browser', { concurrency: false }, () => {
  test('T1. the review shows the committee and recusal; the approved member sees their term (English, desktop)', async () => {
    const { member, applicationId } = await applicant('Termed Tang');
    const page = await newPage('en-US', { viewport: DESKTOP });
    await page.goto('/login');
    await submitLogin(page, ADMIN);
    await page.getByRole('button', { name: 'Log out' }).waitFor();
    await page.goto('/moderation/applications');
    await page.getByText('Term Journey Trading Co.').first().click();
    const approvals = page.getByTestId('application-approvals');
    await approvals.waitFor();
    assert.match(await approvals.textContent(), /No approvals yet; 1 needed/);
    assert.match(await page.getByTestId('application-recusal').textContent(), /their own company/);
    await screenshot(page, 'golden-crown-term-review-desktop.png');
    await page.context().close();

    const approved = await approveAsAdmin(applicationId);
    assert.equal(approved.status, 'approved');

    // Another moderator reads the decided review: the vote names its voter.
    const { reviewer, voterName } = await reviewerAndVoterName();
    const reviewPage = await newPage('en-US', { viewport: DESKTOP });
    await logIn(reviewPage, reviewer);
    await reviewPage.goto('/moderation/applications');
    await reviewPage.getByLabel('Status').selectOption('approved');
    await reviewPage.getByText('Term Journey Trading Co.').first().click();
    const votes = reviewPage.getByTestId('application-approvals');
    await votes.getByRole('link', { name: voterName }).waitFor();
    assert.match(await votes.textContent(), /Approvals: 1 of 1 needed/);
    await reviewPage.context().close();

    const memberPage = await newPage('en-US', { viewport: DESKTOP });
    await logIn(memberPage, member);
    await memberPage.goto('/golden-crown');
    const term = memberPage.getByTestId('gc-term');
    await term.waitFor();
    assert.match(
      await term.textContent(),
      /Your membership runs until .+ You can apply to renew it from/,
    );
    await screenshot(memberPage, 'golden-crown-term-desktop.png');
    await memberPage.context().close();
  });

  test('T2. the term on a phone, in Chinese, without sideways scroll', async () => {
    const { member, applicationId } = await applicant('期限 Journey');
    await approveAsAdmin(applicationId);
    const page = await newPage('zh-CN', { viewport: PHONE });
    await page.goto('/login');
    await page.getByLabel('邮箱').fill(member.email);
    await page.getByLabel('密码', { exact: true }).fill(member.password);
    await page.getByRole('button', { name: '登录' }).click();
    await page.waitForURL((url) => !url.pathname.startsWith('/login'));
    await page.goto('/golden-crown');
    const term = page.getByTestId('gc-term');
    await term.waitFor();
    assert.match(await term.textContent(), /您的会员资格有效期至.+起可申请续期/);
    await assertNoHorizontalOverflow(page);
    await screenshot(page, 'golden-crown-term-phone.png');
    await page.context().close();
  });
});
