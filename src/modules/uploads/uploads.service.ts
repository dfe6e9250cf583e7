import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Request } from 'express';
import { DataSource, In, type EntityManager } from 'typeorm';
import type { AuthMember } from '../../common/auth/auth-member';
import { CLOCK, type Clock } from '../../common/clock/clock';
import {
  NotFoundError,
  RateLimitedError,
  UnavailableError,
} from '../../common/errors/domain-error';
import { DomainEventBus } from '../../common/events/domain-events';
import { AppConfigService } from '../../config/app-config.service';
import { AuditLogService } from '../audit/audit-log.service';
import { hasRole } from '../../common/auth/roles';
import type { UploadDto } from './dto/upload.dto';
import { readMultipart } from './multipart';
import { Upload } from './upload.entity';
import { processUpload, UPLOAD_PURPOSES, type UploadPurpose } from './upload-processing';
import { citeEvidence, insertUploadRow } from './upload-rows';
import {
  StorageUnavailableError,
  storeProcessed,
  UPLOAD_STORAGE,
  type StoredObject,
  type UploadStorage,
} from './upload-storage';
import { uploadUrl } from './upload-url';
import { UploadFieldError } from './uploads.errors';

const DAY_MS = 24 * 60 * 60 * 1000;

/** A file as served: its bytes and the headers that go with them. */
export interface ServedFile {
  object: StoredObject;
  contentType: string;
  cacheControl: string;
  disposition: 'inline' | 'attachment';
  fileName: string;
  etag: string;
}

/** Who may read an upload: the rule of its purpose (see `UploadsService.read`). */
type UploadRow = Pick<
  Upload,
  'id' | 'ownerId' | 'purpose' | 'contentType' | 'storageKey' | 'webpKey'
>;

/**
 * Uploads: a member's files (avatars, post images, Golden Crown evidence), checked and
 * re-encoded on the way in, stored under content-addressed keys, served by the rule of
 * their purpose, and removed when nothing uses them (see `UploadsCleanupJob`).
 */
@Injectable()
export class UploadsService {
  private readonly readRules = new Map<UploadPurpose, UploadReadRule>();

  private readonly logger = new Logger(UploadsService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(UPLOAD_STORAGE) private readonly storage: UploadStorage,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly config: AppConfigService,
    private readonly audit: AuditLogService,
    private readonly events: DomainEventBus,
  ) {}

  /**
   * `POST /api/uploads`: the quota is counted in the database (so across processes), before
   * the file is processed and again under a per-member lock when its row is written. The
   * bytes are stored before the row: a failed store leaves no row; a failed row leaves
   * bytes the clean-up removes.
   */
  async create(member: AuthMember, req: Request): Promise<UploadDto> {
    const { fields, file } = await readMultipart(req, this.config.get('MAX_UPLOAD_BYTES'));
    const purpose = fields.get('purpose');
    if (!isPurpose(purpose)) {
      throw new UploadFieldError(
        'purpose',
        `purpose must be one of ${UPLOAD_PURPOSES.join(', ')}`,
        `须为 ${UPLOAD_PURPOSES.join('、')} 之一`,
      );
    }
    if (!file || file.data.length === 0) {
      throw new UploadFieldError('file', 'file must be a non-empty file', '须为非空文件');
    }
    await this.checkQuota(this.dataSource.manager, member.id);
    const processed = await processUpload(purpose, file.name, file.data);
    try {
      await storeProcessed(this.storage, processed);
    } catch (error) {
      await this.discardKeys([processed.key, processed.webp?.key]);
      throw unavailable(error);
    }
    const id = await this.dataSource.transaction(async (em) => {
      await this.checkQuota(em, member.id, true);
      const id = await insertUploadRow(em, {
        ownerId: member.id,
        purpose,
        file: processed,
        createdAt: this.clock.now(),
      });
      if (id === null) throw new Error('A new upload row was not written');
      if (purpose === 'avatar') {
        await em.query('UPDATE members SET avatar_upload_id = $2 WHERE id = $1', [member.id, id]);
      }
      return id;
    });
    // The profile (cached in every process) now shows the new avatar.
    if (purpose === 'avatar')
      await this.events.emitShared('member.changed', { memberId: member.id });
    return {
      id,
      url: uploadUrl(id),
      purpose,
      contentType: processed.contentType,
      bytes: processed.bytes.length,
      ...(processed.width !== null ? { width: processed.width, height: processed.height } : {}),
    } as UploadDto;
  }

  /** `UPLOADS_PER_DAY` in the last 24 hours; `lock` serializes one member's writers. */
  private async checkQuota(em: EntityManager, memberId: string, lock = false): Promise<void> {
    if (lock) {
      await em.query(`SELECT pg_advisory_xact_lock(hashtext('uploads:' || $1))`, [memberId]);
    }
    const now = this.clock.now();
    const limit = this.config.get('UPLOADS_PER_DAY');
    const [{ count, oldest }] = await em.query<{ count: number; oldest: Date | null }[]>(
      `SELECT count(*)::int AS count, min(created_at) AS oldest FROM uploads
        WHERE owner_id = $1 AND created_at > $2`,
      [memberId, new Date(now.getTime() - DAY_MS)],
    );
    if (count >= limit) {
      const retryMs = (oldest ? oldest.getTime() + DAY_MS : now.getTime()) - now.getTime();
      throw new RateLimitedError(Math.max(1, Math.ceil(retryMs / 1000)));
    }
  }

  /**
   * `GET /api/uploads/:id`: avatars to anyone; a post image to its uploader, and to whoever
   * may see a post or comment of the uploader's that shows it; evidence to the uploader and
   * moderators. Anything else is `404`, as for a file that does not exist.
   */
  async read(viewer: AuthMember | undefined, id: string, webp: boolean): Promise<ServedFile> {
    const upload = await this.dataSource.manager.findOne(Upload, {
      where: { id },
      select: {
        id: true,
        ownerId: true,
        purpose: true,
        contentType: true,
        storageKey: true,
        webpKey: true,
      },
    });
    if (!upload || !(await this.mayRead(viewer, upload))) throw new NotFoundError('File');
    const key = webp && upload.webpKey ? upload.webpKey : upload.storageKey;
    const contentType = webp && upload.webpKey ? 'image/webp' : upload.contentType;
    let object: StoredObject | null;
    try {
      object = await this.storage.get(key);
    } catch (error) {
      throw unavailable(error);
    }
    if (!object) throw new NotFoundError('File');
    const extension = key.slice(key.lastIndexOf('.') + 1);
    return {
      object,
      contentType,
      cacheControl:
        upload.purpose === 'avatar'
          ? 'public, max-age=31536000, immutable'
          : upload.purpose === 'post_image'
            ? 'private, max-age=300'
            : 'private, no-store',
      disposition: contentType === 'application/pdf' ? 'attachment' : 'inline',
      fileName: `${upload.id}.${extension}`,
      etag: `"${key}"`,
    };
  }

  private async mayRead(viewer: AuthMember | undefined, upload: UploadRow): Promise<boolean> {
    if (upload.purpose === 'avatar') return true;
    if (viewer?.id === upload.ownerId) return true;
    if (upload.purpose === 'application_evidence') {
      return viewer !== undefined && hasRole(viewer.role, 'moderator');
    }
    // A file another feature shows (a post image): that feature decides who sees it.
    const rule = this.readRules.get(upload.purpose);
    return rule ? rule(viewer, { id: upload.id, ownerId: upload.ownerId }) : false;
  }

  /**
   * How the feature that shows files of `purpose` decides who may read one (the posts
   * feature for post images, by its visibility rule); without a rule, only the uploader.
   */
  addReadRule(purpose: UploadPurpose, rule: UploadReadRule): void {
    this.readRules.set(purpose, rule);
  }

  /** `DELETE /api/uploads/:id`: the uploader, or a moderator (audited). */
  async remove(actor: AuthMember, id: string): Promise<void> {
    const removed = await this.dataSource.transaction(async (em) => {
      const upload = await em.findOne(Upload, {
        where: { id },
        lock: { mode: 'pessimistic_write' },
      });
      const moderator = hasRole(actor.role, 'moderator');
      if (!upload || (upload.ownerId !== actor.id && !moderator)) throw new NotFoundError('File');
      if (upload.ownerId !== actor.id) {
        await this.audit.record(em, {
          actorId: actor.id,
          action: 'upload.deleted',
          targetType: 'upload',
          targetId: upload.id,
          detail: { ownerId: upload.ownerId, purpose: upload.purpose },
        });
      }
      return { keys: await this.deleteRows(em, [upload.id]), upload };
    });
    if (removed.upload.purpose === 'avatar')
      await this.events.emitShared('member.changed', { memberId: removed.upload.ownerId });
    await this.collectGarbage(removed.keys);
  }

  /**
   * Deletes upload rows inside the caller's transaction: avatars pointing at them are
   * cleared, and their storage keys are queued for `collectGarbage`.
   */
  async deleteRows(em: EntityManager, ids: string[]): Promise<string[]> {
    if (ids.length === 0) return [];
    await em.query('UPDATE members SET avatar_upload_id = NULL WHERE avatar_upload_id = ANY($1)', [
      ids,
    ]);
    // A DELETE … RETURNING answers [rows, count].
    const [rows] = await em.query<[{ storage_key: string; webp_key: string | null }[], number]>(
      'DELETE FROM uploads WHERE id = ANY($1) RETURNING storage_key, webp_key',
      [ids],
    );
    const keys = [
      ...new Set(
        rows.flatMap((row) => (row.webp_key ? [row.storage_key, row.webp_key] : [row.storage_key])),
      ),
    ];
    if (keys.length > 0) {
      await em.query(
        `INSERT INTO upload_garbage (storage_key) SELECT unnest($1::varchar[]) ON CONFLICT DO NOTHING`,
        [keys],
      );
    }
    return keys;
  }

  /**
   * Deletes from the store the queued keys no upload uses any more (all of them when
   * `keys` is not given). A store that cannot be reached leaves them queued for the next
   * run of the clean-up.
   */
  async collectGarbage(keys?: string[]): Promise<number> {
    const queued = await this.dataSource.query<{ key: string }[]>(
      `SELECT g.storage_key AS key FROM upload_garbage g
        WHERE ($1::varchar[] IS NULL OR g.storage_key = ANY($1))
          AND NOT EXISTS (SELECT 1 FROM uploads u
                           WHERE u.storage_key = g.storage_key OR u.webp_key = g.storage_key)
        ORDER BY g.created_at LIMIT 1000`,
      [keys ?? null],
    );
    let deleted = 0;
    for (const { key } of queued) {
      try {
        await this.storage.delete(key);
      } catch (error) {
        this.logger.warn(`Upload ${key} stays queued for deletion: ${String(error)}`);
        continue;
      }
      await this.dataSource.query('DELETE FROM upload_garbage WHERE storage_key = $1', [key]);
      deleted += 1;
    }
    // Keys used again meanwhile leave the queue without being deleted.
    await this.dataSource.query(
      `DELETE FROM upload_garbage g WHERE EXISTS (SELECT 1 FROM uploads u
         WHERE u.storage_key = g.storage_key OR u.webp_key = g.storage_key)`,
    );
    return deleted;
  }

  /** Stored bytes of a failed upload that no row uses. */
  private async discardKeys(keys: (string | undefined)[]): Promise<void> {
    const present = keys.filter((key): key is string => key !== undefined);
    const used = await this.dataSource.query<{ key: string }[]>(
      `SELECT storage_key AS key FROM uploads WHERE storage_key = ANY($1)
       UNION SELECT webp_key FROM uploads WHERE webp_key = ANY($1)`,
      [present],
    );
    const inUse = new Set(used.map((row) => row.key));
    for (const key of present) {
      if (inUse.has(key)) continue;
      await this.storage.delete(key).catch(() => undefined);
    }
  }

  /**
   * The scheduled clean-up's sweep: uploads older than 24 hours that no post, comment,
   * profile or application uses, and evidence `GOLDEN_CROWN_EVIDENCE_RETENTION_DAYS` after
   * its application's decision or withdrawal. Returns how many rows went.
   */
  async sweep(now: Date): Promise<number> {
    const orphanBefore = new Date(now.getTime() - DAY_MS);
    const decidedBefore = new Date(
      now.getTime() - this.config.get('GOLDEN_CROWN_EVIDENCE_RETENTION_DAYS') * DAY_MS,
    );
    const due = await this.dataSource.query<{ id: string }[]>(
      `SELECT u.id FROM uploads u
        WHERE (u.created_at <= $1
               AND u.application_id IS NULL
               AND NOT EXISTS (SELECT 1 FROM members m WHERE m.avatar_upload_id = u.id)
               AND NOT EXISTS (SELECT 1 FROM posts p WHERE p.author_id = u.owner_id
                                 AND p.body LIKE '%/api/uploads/' || u.id || '%')
               AND NOT EXISTS (SELECT 1 FROM post_comments c WHERE c.author_id = u.owner_id
                                 AND c.body LIKE '%/api/uploads/' || u.id || '%'))
           OR (u.purpose = 'application_evidence' AND EXISTS (
                 SELECT 1 FROM membership_applications a
                  WHERE a.id = u.application_id
                    AND (a.decided_at <= $2
                         -- A withdrawal ends the application as a decision does.
                         OR (a.status = 'withdrawn' AND EXISTS (
                               SELECT 1 FROM membership_application_history h
                                WHERE h.application_id = a.id AND h.status = 'withdrawn'
                                  AND h.at <= $2)))))
        LIMIT 1000`,
      [orphanBefore, decidedBefore],
    );
    if (due.length > 0) {
      await this.dataSource.transaction((em) =>
        this.deleteRows(
          em,
          due.map((row) => row.id),
        ),
      );
    }
    await this.collectGarbage();
    return due.length;
  }

  /**
   * Cites the member's own `application_evidence` uploads as an application's evidence, in
   * the caller's transaction (the application's). Answers whether every id was such an
   * upload and cited by no other application; the caller rolls back when not. (The demo
   * seed cites its evidence with the same function, `upload-rows.ts`.)
   */
  citeEvidence(
    em: EntityManager,
    memberId: string,
    applicationId: string,
    ids: readonly string[],
  ): Promise<boolean> {
    return citeEvidence(em, memberId, applicationId, ids);
  }

  /** The evidence each application cites (one query), as the review and the applicant see it. */
  async evidenceOf(applicationIds: readonly string[]): Promise<Map<string, EvidenceFile[]>> {
    const byApplication = new Map<string, EvidenceFile[]>();
    if (applicationIds.length === 0) return byApplication;
    const rows = await this.dataSource.manager.find(Upload, {
      where: { applicationId: In([...applicationIds]) },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
    for (const row of rows) {
      if (!row.applicationId) continue;
      const files = byApplication.get(row.applicationId) ?? [];
      files.push({
        id: row.id,
        url: uploadUrl(row.id),
        contentType: row.contentType,
        bytes: row.bytes,
      });
      byApplication.set(row.applicationId, files);
    }
    return byApplication;
  }

  /** The member's files, for the export. */
  async filesOf(memberId: string): Promise<FileEntry[]> {
    const rows = await this.dataSource.manager.find(Upload, {
      where: { ownerId: memberId },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
    return rows.map((row) => ({
      id: row.id,
      purpose: row.purpose,
      url: uploadUrl(row.id),
      contentType: row.contentType,
      bytes: row.bytes,
      storageKey: row.storageKey,
    }));
  }

  /** The bytes of a stored key (the export archive). */
  async open(key: string): Promise<StoredObject | null> {
    try {
      return await this.storage.get(key);
    } catch (error) {
      throw unavailable(error);
    }
  }
}

/** Whether `viewer` may read an upload that a feature uses (see `addReadRule`). */
export type UploadReadRule = (
  viewer: AuthMember | undefined,
  upload: { id: string; ownerId: string },
) => Promise<boolean>;

/** A file an application cites as evidence. */
export interface EvidenceFile {
  id: string;
  url: string;
  contentType: string;
  bytes: number;
}

export interface FileEntry {
  id: string;
  purpose: UploadPurpose;
  url: string;
  contentType: string;
  bytes: number;
  storageKey: string;
}

function isPurpose(value: string | undefined): value is UploadPurpose {
  return (UPLOAD_PURPOSES as readonly string[]).includes(value ?? '');
}

function unavailable(error: unknown): Error {
  return error instanceof StorageUnavailableError
    ? new UnavailableError('The file store is unavailable')
    : (error as Error);
}
