import type { EntityManager } from 'typeorm';
import type { NotificationType } from './notification.entity';

/** A notification just stored, as the hooks of its transaction see it. */
export interface StoredNotification {
  id: string;
  memberId: string;
  type: NotificationType;
  data: Record<string, unknown>;
  createdAt: Date;
}

/**
 * Work stored together with a notification, in its transaction (`em`): its mail. The
 * feature that owns the work registers the hook (`NotificationsService.addStoredHook`), so
 * notifications know nothing of it. A hook that throws rolls the notification back too.
 */
export interface NotificationStoredHook {
  /** Answers what to do once the transaction has committed (wake a worker), if anything. */
  onStored(em: EntityManager, notification: StoredNotification): Promise<(() => void) | void>;
}
