import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { PersonalDataSource, type PersonalData } from '../../common/privacy/personal-data';
import { UploadsService } from './uploads.service';

/**
 * The member's files: listed in the export (`files`; the archive carries the bytes), and
 * all deleted by the erasure (rows in its transaction, bytes from the store right after,
 * or by the next clean-up if the store is down).
 */
@Injectable()
@PersonalDataSource()
export class UploadsPersonalData implements PersonalData {
  readonly section = 'files';

  constructor(private readonly uploads: UploadsService) {}

  async export(memberId: string): Promise<unknown> {
    return (await this.uploads.filesOf(memberId)).map(
      ({ id, purpose, url, contentType, bytes }) => ({ id, purpose, url, contentType, bytes }),
    );
  }

  async erase(em: EntityManager, memberId: string): Promise<void> {
    const rows = await em.query<{ id: string }[]>('SELECT id FROM uploads WHERE owner_id = $1', [
      memberId,
    ]);
    await this.uploads.deleteRows(
      em,
      rows.map((row) => row.id),
    );
    // After the erasure commits (this runs inside its transaction): the store is emptied
    // of what no row uses; a key still queued is taken by the next clean-up.
    setImmediate(() => void this.uploads.collectGarbage().catch(() => undefined));
  }
}
