import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository, type EntityManager } from 'typeorm';
import { PersonalDataSource, type PersonalData } from '../../common/privacy/personal-data';
import { MailOutboxRow } from './mail-outbox.entity';

/**
 * The mail stored for a member. The export names each mail (kind, address, subject, state,
 * dates) but not its body, whose links carry live tokens. Erasure deletes the rows, so mail
 * not yet sent never goes.
 */
@Injectable()
@PersonalDataSource()
export class MailPersonalData implements PersonalData {
  readonly section = 'mail';

  constructor(@InjectRepository(MailOutboxRow) private readonly mail: Repository<MailOutboxRow>) {}

  async export(memberId: string): Promise<unknown> {
    const rows = await this.mail.find({ where: { memberId }, order: { createdAt: 'ASC' } });
    return rows.map((row) => ({
      id: row.id,
      kind: row.kind,
      to: row.toAddress,
      subject: row.subject,
      status: row.status,
      createdAt: row.createdAt.toISOString(),
      sentAt: row.sentAt?.toISOString() ?? null,
    }));
  }

  async erase(em: EntityManager, memberId: string): Promise<void> {
    await em.delete(MailOutboxRow, { memberId });
  }
}
