// Live posts (issue 16): two members on one post, one on a desktop in Chinese and one on a
// phone in English. A comment and likes appear on the other page without a reload (the
// socket's post:watch), the writer sees their own comment once, and the author of a comment
// edits it in place ("edited").
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  DESKTOP,
  PHONE,
  call,
  newPage,
  registerMember,
  screenshot,
  unique,
  logInThroughForm,
} from './support.mjs';

const comments = (page, text) => page.getByTestId('comment').filter({ hasText: text });

describe('Live posts in the browser', { concurrency: false }, () => {
  test('L1. a comment and likes appear live on another member’s open post; the writer edits the comment', async () => {
    const author = await registerMember('Author Lin');
    const reader = await registerMember('Reader Zhao');
    const writer = await registerMember('Writer Wu');
    const fan = await registerMember('Fan Feng');
    const title = `Double 11 warm-up plan ${unique('live')}`;
    const post = await call('POST', '/posts', {
      token: author.token,
      body: { title, body: 'Start the **warm-up** ten days before.' },
    });

    // The reader opens the post on a desktop, in Chinese.
    const readerPage = await newPage('zh-CN', { viewport: DESKTOP });
    await logInThroughForm(readerPage, reader);
    await readerPage.goto(`/posts/${post.id}`);
    await readerPage.getByRole('heading', { name: title }).waitFor();
    await readerPage.getByRole('heading', { name: '评论' }).waitFor();
    const readerLike = readerPage.getByRole('button', { name: /点赞/ });
    await readerLike.filter({ hasText: '· 0' }).waitFor();

    // A like elsewhere shows up without a reload: the page is watching the post.
    await call('PUT', `/posts/${post.id}/like`, { token: fan.token });
    await readerLike.filter({ hasText: '· 1' }).waitFor();

    // The writer comments from a phone, in English.
    const writerPage = await newPage('en-US', { viewport: PHONE });
    await logInThroughForm(writerPage, writer);
    await writerPage.goto(`/posts/${post.id}`);
    await writerPage.getByRole('heading', { name: 'Comments' }).waitFor();
    const text = `Book the live-stream slots early ${unique('c')}`;
    await writerPage.getByLabel('Your comment').fill(text);
    await writerPage.getByRole('button', { name: 'Comment', exact: true }).click();
    await comments(writerPage, text).waitFor();

    // The reader sees it arrive, once, with no reload.
    await comments(readerPage, text).waitFor();
    assert.equal(await comments(readerPage, text).count(), 1);
    await screenshot(readerPage, 'live-post-comment-arrives-desktop.png');
    // The writer's own comment came back over the socket too: still one.
    await writerPage.waitForTimeout(500);
    assert.equal(await comments(writerPage, text).count(), 1);

    // The writer likes the post on the phone; the reader's count follows.
    await writerPage.getByRole('button', { name: /^♥ Like/ }).click();
    await writerPage.getByRole('button', { name: /^♥ Unlike · 2/ }).waitFor();
    await readerLike.filter({ hasText: '· 2' }).waitFor();
    await screenshot(writerPage, 'live-post-liked-phone.png');

    // The writer edits the comment in place: only they get "Edit" on it.
    assert.equal(await comments(readerPage, text).getByRole('button', { name: '编辑' }).count(), 0);
    const mine = comments(writerPage, text);
    await mine.getByRole('button', { name: 'Edit' }).click();
    const edited = `${text} (and the warehouse staff)`;
    await writerPage.getByLabel('Edit your comment').fill(edited);
    await screenshot(writerPage, 'live-post-editing-phone.png');
    await writerPage.getByRole('button', { name: 'Save' }).click();
    const after = comments(writerPage, edited);
    await after.getByText('edited', { exact: true }).waitFor();
    assert.equal(await writerPage.getByLabel('Edit your comment').count(), 0);
    await screenshot(writerPage, 'live-post-edited-phone.png');

    // On the reader's next visit the comment is the edited one, marked as such.
    await readerPage.reload();
    const readerSees = comments(readerPage, edited);
    await readerSees.getByText('已编辑', { exact: true }).waitFor();
    await screenshot(readerPage, 'live-post-edited-desktop.png');
    // And at the other widths: the reader on a phone, the writer on a desktop.
    await readerPage.setViewportSize(PHONE);
    await screenshot(readerPage, 'live-post-edited-phone-zh.png');
    await writerPage.setViewportSize(DESKTOP);
    await screenshot(writerPage, 'live-post-edited-desktop-en.png');

    await writerPage.context().close();
    await readerPage.context().close();
  });
});
