import type { EntityManager } from 'typeorm';
import type { ProcessedUpload, UploadPurpose } from './upload-processing';

/** The row of a file already in the store (`storeProcessed`). */
export interface NewUploadRow {
  /** A fixed id (the demo seed's), or none: the database makes one. */
  id?: string;
  ownerId: string;
  purpose: UploadPurpose;
  file: ProcessedUpload;
  createdAt: Date;
}

/**
 * Writes an upload's row in the caller's transaction, and takes its keys off the deletion
 * queue (the same bytes uploaded again are in use once more). `POST /api/uploads` and the
 * demo seed both write rows this way (raw SQL: the seed's connection has no entities).
 * Answers the row's id, or `null` when a row with the given `id` is already there (and
 * then writes nothing).
 */
export async function insertUploadRow(
  em: EntityManager,
  row: NewUploadRow,
): Promise<string | null> {
  const { file } = row;
  const [inserted] = await em.query<{ id: string }[]>(
    `INSERT INTO uploads (id, owner_id, purpose, content_type, bytes, width, height, storage_key,
                          webp_key, created_at)
     VALUES (COALESCE($1::uuid, gen_random_uuid()), $2, $3, $4, $5, $6, $7, $8, $9, $10)
     ON CONFLICT (id) DO NOTHING RETURNING id`,
    [
      row.id ?? null,
      row.ownerId,
      row.purpose,
      file.contentType,
      file.bytes.length,
      file.width,
      file.height,
      file.key,
      file.webp?.key ?? null,
      row.createdAt,
    ],
  );
  if (!inserted) return null;
  await em.query('DELETE FROM upload_garbage WHERE storage_key = ANY($1)', [
    [file.key, file.webp?.key].filter(Boolean),
  ]);
  return inserted.id;
}

/**
 * Cites the member's own `application_evidence` uploads as an application's evidence, in
 * the caller's transaction (the application's). Answers whether every id was such an
 * upload and cited by no other application; the caller rolls back when not.
 */
export async function citeEvidence(
  em: EntityManager,
  memberId: string,
  applicationId: string,
  ids: readonly string[],
): Promise<boolean> {
  if (ids.length === 0) return true;
  // Raw SQL, so it runs on a connection without entity metadata (the seed's). An
  // UPDATE … RETURNING answers [rows, count].
  const [cited] = await em.query<[{ id: string }[], number]>(
    `UPDATE uploads SET application_id = $1
      WHERE id = ANY($2::uuid[]) AND owner_id = $3
        AND purpose = 'application_evidence' AND application_id IS NULL
      RETURNING id`,
    [applicationId, ids, memberId],
  );
  return cited.length === new Set(ids).size;
}
