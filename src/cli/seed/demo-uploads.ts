import type { DataSource } from 'typeorm';
import { processUpload, type ProcessedUpload } from '../../modules/uploads/upload-processing';
import {
  citeEvidence,
  insertUploadRow,
  type NewUploadRow,
} from '../../modules/uploads/upload-rows';
import { storeProcessed, type UploadStorage } from '../../modules/uploads/upload-storage';
import { uploadUrl } from '../../modules/uploads/upload-url';
import type { DemoData, SeedUpload } from './demo-data';
import { drawPicture } from './demo-pictures';

/**
 * A demo file through the upload pipeline, as `POST /api/uploads` takes a member's: drawn,
 * checked and re-encoded by `processUpload` (an image's WebP variant too), and put in the
 * server's store (`storeProcessed`) before its row is written.
 */
async function stored(storage: UploadStorage, upload: SeedUpload): Promise<ProcessedUpload> {
  const processed = await processUpload(
    upload.purpose,
    upload.fileName,
    await drawPicture(upload.picture),
  );
  await storeProcessed(storage, processed);
  return processed;
}

function rowOf(upload: SeedUpload, file: ProcessedUpload): NewUploadRow {
  const { id, ownerId, purpose, createdAt } = upload;
  return { id, ownerId, purpose, file, createdAt };
}

async function presentIds(dataSource: DataSource, uploads: SeedUpload[]): Promise<Set<string>> {
  const rows = await dataSource.query<{ id: string }[]>(
    'SELECT id FROM uploads WHERE id = ANY($1::uuid[])',
    [uploads.map((u) => u.id)],
  );
  return new Set(rows.map((row) => row.id));
}

/**
 * Avatars and post pictures, before the posts (a post shows only images that exist). A
 * file whose row is there is left alone, so a second run stores and adds nothing. An
 * avatar goes only to a member without one; a picture only into a post still to be
 * written, or one whose body already shows it (a post seeded before pictures keeps its body).
 */
export async function seedMemberFiles(
  dataSource: DataSource,
  storage: UploadStorage,
  data: DemoData,
): Promise<number> {
  const files = data.uploads.filter((u) => u.purpose === 'avatar' || u.purpose === 'post_image');
  const present = await presentIds(dataSource, files);
  const withAvatar = await dataSource.query<{ id: string }[]>(
    'SELECT id FROM members WHERE id = ANY($1::uuid[]) AND avatar_upload_id IS NOT NULL',
    [files.filter((u) => u.purpose === 'avatar').map((u) => u.ownerId)],
  );
  const hasAvatar = new Set(withAvatar.map((row) => row.id));
  const posts = await dataSource.query<{ id: string; body: string }[]>(
    'SELECT id, body FROM posts WHERE id = ANY($1::uuid[])',
    [files.flatMap((u) => (u.postId ? [u.postId] : []))],
  );
  const bodies = new Map(posts.map((post) => [post.id, post.body]));
  let added = 0;
  for (const upload of files) {
    if (present.has(upload.id)) continue;
    if (upload.purpose === 'avatar' && hasAvatar.has(upload.ownerId)) continue;
    const body = upload.postId ? bodies.get(upload.postId) : undefined;
    if (body !== undefined && !body.includes(uploadUrl(upload.id))) continue;
    const file = await stored(storage, upload);
    await dataSource.transaction(async (em) => {
      const id = await insertUploadRow(em, rowOf(upload, file));
      if (id === null) return;
      added += 1;
      if (upload.purpose === 'avatar') {
        await em.query(
          'UPDATE members SET avatar_upload_id = $2 WHERE id = $1 AND avatar_upload_id IS NULL',
          [upload.ownerId, id],
        );
      }
    });
  }
  return added;
}

/**
 * The evidence of the demo applications still pending, cited as a submission cites it
 * (`citeEvidence`, in one transaction per application). Files already there are left
 * alone; a decided or withdrawn application gains none.
 */
export async function seedEvidence(
  dataSource: DataSource,
  storage: UploadStorage,
  data: DemoData,
): Promise<number> {
  const evidence = data.uploads.filter((u) => u.purpose === 'application_evidence');
  const present = await presentIds(dataSource, evidence);
  const pending = await dataSource.query<{ id: string; applicant_id: string }[]>(
    `SELECT id, applicant_id FROM membership_applications
      WHERE id = ANY($1::uuid[]) AND status = 'pending'`,
    [evidence.map((u) => u.applicationId)],
  );
  let added = 0;
  for (const application of pending) {
    const missing = evidence.filter(
      (u) =>
        u.applicationId === application.id &&
        u.ownerId === application.applicant_id &&
        !present.has(u.id),
    );
    if (missing.length === 0) continue;
    const files: { upload: SeedUpload; file: ProcessedUpload }[] = [];
    for (const upload of missing) files.push({ upload, file: await stored(storage, upload) });
    await dataSource.transaction(async (em) => {
      const ids: string[] = [];
      for (const { upload, file } of files) {
        const id = await insertUploadRow(em, rowOf(upload, file));
        if (id !== null) ids.push(id);
      }
      if (!(await citeEvidence(em, application.applicant_id, application.id, ids))) {
        throw new Error(`The demo application ${application.id} could not cite its evidence`);
      }
      added += ids.length;
    });
  }
  return added;
}
