import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository, type EntityManager } from 'typeorm';
import { PersonalDataSource, type PersonalData } from '../../common/privacy/personal-data';
import { toNotificationResponse } from './dto/notification.dto';
import { Notification } from './notification.entity';

@Injectable()
@PersonalDataSource()
export class NotificationsPersonalData implements PersonalData {
  readonly section = 'notifications';

  constructor(
    @InjectRepository(Notification) private readonly notifications: Repository<Notification>,
  ) {}

  async export(memberId: string): Promise<unknown> {
    const rows = await this.notifications.find({
      where: { memberId },
      order: { createdAt: 'ASC' },
    });
    return rows.map(toNotificationResponse);
  }

  async erase(em: EntityManager, memberId: string): Promise<void> {
    await em.delete(Notification, { memberId });
  }
}
