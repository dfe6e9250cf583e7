// Files served only to some members (issues 20, 21): a picture in a members-only post and an
// application's evidence. The browser's own request for an <img> or a link carries no token,
// so the client reads these with the session: a member sees the picture of a members-only
// post (desktop, English; phone, Chinese), and a moderator opens an applicant's evidence.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  ADMIN,
  DESKTOP,
  PHONE,
  applicationBody,
  loaded,
  picture,
  baseUrl,
  call,
  logIn,
  logInThroughForm,
  newPage,
  registerMember,
  screenshot,
  submitLogin,
  unique,
  waitForUploadImage,
} from './support.mjs';

/** `POST /api/uploads` as `member`: the stored file's answer ({id, url, …}). */
async function upload(member, purpose, bytes, name) {
  const form = new FormData();
  form.set('purpose', purpose);
  form.set('file', new Blob([bytes], { type: 'image/png' }), name);
  const res = await fetch(`${baseUrl}/api/uploads`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${member.token}` },
    body: form,
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`POST /uploads → ${res.status} ${text}`);
  return JSON.parse(text);
}

describe('Private files in the browser', { concurrency: false }, () => {
  test('P1. a members-only post shows its picture to a member, on a desktop and on a phone', async () => {
    const author = await registerMember(unique('Members Mo'));
    const file = await upload(author, 'post_image', await picture(640, 360, '#36c'), 'plan.png');
    const title = unique('Members-only warehouse plan');
    const post = await call('POST', '/posts', {
      token: author.token,
      body: { title, body: `Our layout:\n\n![layout](${file.url})`, visibility: 'members' },
    });
    // Without the session the file is as absent as the post.
    assert.equal((await fetch(`${baseUrl}${file.url}`)).status, 404);

    const reader = await registerMember(unique('Reader Ren'));
    const page = await newPage('en-US', { viewport: DESKTOP });
    await logIn(page, reader);
    await page.goto(`/posts/${post.id}`);
    await page.getByRole('heading', { name: title }).waitFor();
    const image = await waitForUploadImage(page, '.prose', file.url);
    assert.match(await image.evaluate((img) => img.src), /^blob:/);
    await screenshot(page, 'private-files-members-post-desktop.png');

    // On a phone, in Chinese.
    const phone = await newPage('zh-CN', { viewport: PHONE });
    await logInThroughForm(phone, reader);
    await phone.goto(`/posts/${post.id}`);
    await phone.getByRole('heading', { name: title }).waitFor();
    await waitForUploadImage(phone, '.prose', file.url);
    await screenshot(phone, 'private-files-members-post-phone-zh.png');
    await phone.context().close();
    await page.context().close();
  });

  test('P2. a moderator opens an applicant’s evidence from the review (English, desktop)', async () => {
    const applicant = await registerMember(unique('Evidence Eve'));
    const statement = await upload(
      applicant,
      'application_evidence',
      await picture(500, 700, '#eee'),
      'statement.png',
    );
    const company = unique('Evidence Journey Trading');
    await call('POST', '/membership/applications', {
      token: applicant.token,
      body: await applicationBody({ companyName: company, evidenceUploadIds: [statement.id] }),
    });
    assert.equal((await fetch(`${baseUrl}${statement.url}`)).status, 404);

    const page = await newPage('en-US', { viewport: DESKTOP });
    await page.goto('/login');
    await submitLogin(page, ADMIN);
    await page.getByRole('button', { name: 'Log out' }).waitFor();
    await page.goto('/moderation/applications');
    await page.getByText(company).first().click();
    const evidence = page.getByTestId('application-evidence');
    const link = evidence.getByRole('link', { name: /1/ });
    await link.waitFor();
    await screenshot(page, 'private-files-evidence-review-desktop.png');
    const [tab] = await Promise.all([page.context().waitForEvent('page'), link.click()]);
    await tab.waitForURL(/^blob:/);
    await tab.locator('img').waitFor();
    assert.ok(await loaded(tab.locator('img')));
    assert.equal(await evidence.getByRole('alert').count(), 0);
    await tab.close();
    await page.context().close();
  });
});
