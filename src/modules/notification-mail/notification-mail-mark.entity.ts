import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Notification } from '../notifications/notification.entity';

/**
 * A deferred notification (a direct message) the unread sweep has handled: mailed, or
 * passed over because its member does not want it at once. One mail per unread notification.
 */
@Entity('notification_mail_marks')
export class NotificationMailMark {
  @PrimaryColumn({
    name: 'notification_id',
    type: 'uuid',
    primaryKeyConstraintName: 'PK_notification_mail_marks',
  })
  notificationId!: string;

  @ManyToOne(() => Notification, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'notification_id',
    foreignKeyConstraintName: 'FK_notification_mail_marks_notification',
  })
  notification?: Notification;

  @Column({ name: 'handled_at', type: 'timestamptz', precision: 3 })
  handledAt!: Date;
}
