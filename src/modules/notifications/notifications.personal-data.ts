import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository, type EntityManager } from 'typeorm';
import { PersonalDataSource, type PersonalData } from '../../common/privacy/personal-data';
import { toNotificationResponse, type NotificationRow } from './dto/notification.dto';
import { selectNotifications } from './notification-query';
import { Notification } from './notification.entity';

@Injectable()
@PersonalDataSource()
export class NotificationsPersonalData implements PersonalData {
  readonly section = 'notifications';

  constructor(
    @InjectRepository(Notification) private readonly notifications: Repository<Notification>,
  ) {}

  /** As the list shows them: with each actor's current name. */
  async export(memberId: string): Promise<unknown> {
    const rows = await selectNotifications(this.notifications.manager)
      .where('n.member_id = :memberId', { memberId })
      .orderBy('n.created_at', 'ASC')
      .addOrderBy('n.id', 'ASC')
      .getRawMany<NotificationRow>();
    return rows.map(toNotificationResponse);
  }

  async erase(em: EntityManager, memberId: string): Promise<void> {
    await em.delete(Notification, { memberId });
  }
}
