import type { Clock } from '../src/common/clock/clock';
import { JobRunner } from '../src/modules/jobs/job-runner';
import type { ApplicationDto } from '../src/modules/membership/dto/application-response.dto';
import {
  applicationBody,
  countRows,
  createMember,
  createModerator,
  type TestMember,
} from './support/factories';
import { createTestApp, type TestApp } from './support/test-app';
import { fetchFile, image, PDF, upload } from './support/uploads';

const DAY_MS = 24 * 60 * 60 * 1000;

describe('Golden Crown evidence (e2e)', () => {
  let t: TestApp;
  let moderator: TestMember;
  let now = new Date('2026-12-01T08:00:00Z');
  const clock: Clock = { now: () => new Date(now) };

  beforeAll(async () => {
    t = await createTestApp({ RATE_LIMIT_WRITE_PER_MINUTE: '1000' }, { clock });
    await t.app.get(JobRunner).stop();
    moderator = await createModerator(t, { displayName: 'Evidence Reviewer' });
  });
  afterAll(() => t.close());

  async function evidenceOf(member: TestMember, bytes: Buffer = PDF, name = 'turnover.pdf') {
    const res = await upload(t, member, 'application_evidence', bytes, name);
    expect(res.status).toBe(201);
    return res.body as { id: string; url: string; contentType: string; bytes: number };
  }

  const apply = (member: TestMember, evidenceUploadIds: unknown) =>
    t
      .http()
      .post('/api/membership/applications')
      .set(member.auth)
      .send(applicationBody({ evidenceUploadIds }));

  it('cites up to five of the applicant’s evidence files, shown to the applicant and in the review', async () => {
    const applicant = await createMember(t);
    const pdf = await evidenceOf(applicant);
    const picture = await evidenceOf(applicant, await image(40, 30), 'statement.png');
    const res = await apply(applicant, [pdf.id, picture.id]);
    expect(res.status).toBe(201);
    const application = res.body as ApplicationDto;
    const byId = <T extends { id: string }>(files: T[]) =>
      [...files].sort((a, b) => a.id.localeCompare(b.id));
    expect(byId(application.evidence)).toEqual(
      byId([
        { id: pdf.id, url: pdf.url, contentType: 'application/pdf', bytes: pdf.bytes },
        { id: picture.id, url: picture.url, contentType: 'image/png', bytes: picture.bytes },
      ]),
    );
    const review = await t
      .http()
      .get(`/api/moderation/applications/${application.id}`)
      .set(moderator.auth)
      .expect(200);
    expect(byId((review.body as ApplicationDto).evidence)).toEqual(byId(application.evidence));
    const mine = await t.http().get('/api/membership/applications/mine').set(applicant.auth);
    expect((mine.body.items as ApplicationDto[])[0].evidence).toHaveLength(2);

    // The applicant and moderators open the files, never shared caches; nobody else at all.
    const byModerator = await fetchFile(t, pdf.url, moderator);
    expect(byModerator.status).toBe(200);
    expect(byModerator.headers['cache-control']).toBe('private, no-store');
    expect(byModerator.body.equals(PDF)).toBe(true);
    expect((await fetchFile(t, pdf.url, applicant)).status).toBe(200);
    expect((await fetchFile(t, pdf.url, await createMember(t))).status).toBe(404);
    expect((await fetchFile(t, pdf.url)).status).toBe(404);
  });

  it('refuses another member’s file, another purpose, a file already cited, more than five and malformed ids, storing nothing', async () => {
    const applicant = await createMember(t);
    const other = await createMember(t);
    const othersFile = await evidenceOf(other);
    const postImage = (await upload(t, applicant, 'post_image', await image(), 'p.png')).body as {
      id: string;
    };
    const own = await Promise.all(Array.from({ length: 6 }, () => evidenceOf(applicant)));
    const cited = await evidenceOf(other);
    expect((await apply(other, [cited.id])).status).toBe(201);
    const before = await countRows(t, 'membership_applications');
    for (const ids of [
      [othersFile.id],
      [postImage.id],
      [cited.id],
      [own[0].id, othersFile.id],
      own.map((file) => file.id),
      [own[0].id, own[0].id],
      ['not-a-uuid'],
      'one',
      [42],
    ]) {
      const res = await apply(applicant, ids);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(JSON.stringify(res.body.details)).toContain('evidenceUploadIds');
    }
    expect(await countRows(t, 'membership_applications')).toBe(before);
    expect(
      await countRows(t, 'uploads', 'id = ANY($1::uuid[]) AND application_id IS NOT NULL', [
        own.map((file) => file.id),
      ]),
    ).toBe(0);
  });

  it('deletes the evidence GOLDEN_CROWN_EVIDENCE_RETENTION_DAYS after the decision, or after a withdrawal', async () => {
    const decided = await createMember(t);
    const withdrawing = await createMember(t);
    const decidedFile = await evidenceOf(decided);
    const withdrawnFile = await evidenceOf(withdrawing);
    const first = (await apply(decided, [decidedFile.id])).body as ApplicationDto;
    const second = (await apply(withdrawing, [withdrawnFile.id])).body as ApplicationDto;
    await t
      .http()
      .post(`/api/moderation/applications/${first.id}/decision`)
      .set(moderator.auth)
      .send({ decision: 'reject', reason: 'Turnover not shown' })
      .expect(200);
    await t
      .http()
      .post(`/api/membership/applications/${second.id}/withdraw`)
      .set(withdrawing.auth)
      .expect(200);
    const started = now;
    now = new Date(started.getTime() + 89 * DAY_MS);
    await t.app.get(JobRunner).run('uploads.cleanup', now);
    expect((await fetchFile(t, decidedFile.url, decided)).status).toBe(200);
    expect((await fetchFile(t, withdrawnFile.url, withdrawing)).status).toBe(200);
    now = new Date(started.getTime() + 91 * DAY_MS);
    await t.app.get(JobRunner).run('uploads.cleanup', now);
    expect((await fetchFile(t, decidedFile.url, decided)).status).toBe(404);
    expect((await fetchFile(t, withdrawnFile.url, withdrawing)).status).toBe(404);
    const review = await t
      .http()
      .get(`/api/moderation/applications/${first.id}`)
      .set(moderator.auth)
      .expect(200);
    expect((review.body as ApplicationDto).evidence).toEqual([]);
  });
});
