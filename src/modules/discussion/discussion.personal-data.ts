import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { PersonalDataSource, type PersonalData } from '../../common/privacy/personal-data';
import { Message } from './message.entity';

/** The member's chat messages. On erasure they stay, shown under "deleted member". */
@Injectable()
@PersonalDataSource()
export class DiscussionPersonalData implements PersonalData {
  readonly section = 'messages';

  constructor(@InjectRepository(Message) private readonly messages: Repository<Message>) {}

  async export(memberId: string): Promise<unknown> {
    const rows = await this.messages.find({
      where: { authorId: memberId },
      order: { createdAt: 'ASC', seq: 'ASC' },
    });
    return rows.map((message) => ({
      id: message.id,
      roomId: message.roomId,
      seq: message.seq,
      clientMsgId: message.clientMsgId,
      body: message.body,
      deletedAt: message.deletedAt?.toISOString() ?? null,
      createdAt: message.createdAt.toISOString(),
    }));
  }

  async erase(): Promise<void> {}
}
