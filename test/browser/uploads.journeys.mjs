// Images and files (issue 20): a member uploads a profile picture in the settings (cut to a
// square), pastes a picture into a post, sees the preview render it as an image, and sees both
// on the published post; on a phone, in Chinese, a picture chosen in the editor uploads with
// progress and the pages do not scroll sideways.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  DESKTOP,
  PHONE,
  loaded,
  picture,
  logIn,
  newPage,
  registerMember,
  screenshot,
  unique,
  waitForUploadImage,
} from './support.mjs';

describe('Uploads in the browser', { concurrency: false }, () => {
  test('U1. an avatar from the settings and a pasted picture, both on the post (English, desktop)', async () => {
    const member = await registerMember(unique('Picture Pan'));
    const page = await newPage('en-US', { viewport: DESKTOP });
    await logIn(page, member);

    await page.goto('/settings');
    await page.getByRole('heading', { name: 'Profile picture' }).waitFor();
    await page.getByTestId('avatar-input').setInputFiles({
      name: 'me.png',
      mimeType: 'image/png',
      buffer: await picture(600, 400, '#2a7'),
    });
    const avatar = page.locator('section[aria-labelledby="avatar-heading"] img.avatar');
    await avatar.waitFor();
    const avatarSrc = await avatar.getAttribute('src');
    assert.match(avatarSrc, /^\/api\/uploads\/[0-9a-f-]{36}$/);
    assert.ok(await loaded(avatar));
    await screenshot(page, 'uploads-avatar-desktop.png');

    await page.goto('/write');
    await page.getByLabel('Title').fill(unique('Our dashboard'));
    const body = page.getByLabel('Text (Markdown)');
    await body.fill('The week in one chart:');
    const png = [...(await picture(800, 500, '#c52'))];
    await body.evaluate((textarea, bytes) => {
      const data = new DataTransfer();
      data.items.add(new File([new Uint8Array(bytes)], 'chart.png', { type: 'image/png' }));
      textarea.dispatchEvent(
        new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }),
      );
    }, png);
    await page.waitForFunction(() =>
      /!\[\]\(\/api\/uploads\/[0-9a-f-]{36}\)/.test(
        document.querySelector('textarea[name="body"]').value,
      ),
    );
    // The preview renders the picture as the published post will: an image, not a link. No
    // post shows it yet (only its owner may read it), so the client reads it with the session.
    const uploaded = (await body.inputValue()).match(/\/api\/uploads\/[0-9a-f-]{36}/)[0];
    await page.getByRole('tab', { name: 'Preview' }).click();
    const previewed = await waitForUploadImage(page, '.preview', uploaded);
    assert.match(await previewed.evaluate((img) => img.src), /^blob:/);
    assert.equal(await page.locator(`.preview a[href="${uploaded}"]`).count(), 0);
    await page.getByRole('button', { name: 'Publish' }).click();
    // A members-only post (the editor's default): its picture is read with the session.
    await waitForUploadImage(page, '.prose', uploaded);
    // The author's avatar beside their name on the post.
    const byline = page.locator(`img.avatar[src="${avatarSrc}"]`).first();
    await byline.waitFor();
    assert.ok(await loaded(byline));
    await screenshot(page, 'uploads-post-desktop.png');
    await page.context().close();
  });

  test('U2. a picture chosen in the editor on a phone, initials without an avatar (Chinese)', async () => {
    const member = await registerMember(unique('图片'));
    const page = await newPage('zh-CN', { viewport: PHONE });
    await page.goto('/login');
    await page.getByLabel('邮箱').fill(member.email);
    await page.getByLabel('密码', { exact: true }).fill(member.password);
    await page.getByRole('button', { name: '登录' }).click();
    await page.waitForURL((url) => url.pathname === '/');
    await page.goto('/write');
    await page.getByLabel('标题').fill(unique('店铺首页'));
    await page.getByTestId('editor-image-input').setInputFiles({
      name: 'shop.png',
      mimeType: 'image/png',
      buffer: await picture(2400, 1600, '#57c'),
    });
    const body = page.locator('textarea[name="body"]');
    await page.waitForFunction(() =>
      document.querySelector('textarea[name="body"]').value.includes('/api/uploads/'),
    );
    assert.match(await body.inputValue(), /^!\[\]\(\/api\/uploads\/[0-9a-f-]{36}\)\n$/);
    await screenshot(page, 'uploads-editor-phone.png');
    await page.getByRole('button', { name: '发布' }).click();
    const image = page.locator('.prose img');
    await image.waitFor();
    assert.ok(await loaded(image));
    // No avatar yet: the initials stand in.
    await page.locator('.avatar-initials').first().waitFor();
    await screenshot(page, 'uploads-post-phone.png');
    await page.context().close();
  });
});
