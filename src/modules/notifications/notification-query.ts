import type { EntityManager, SelectQueryBuilder } from 'typeorm';
import { Member } from '../members/member.entity';
import { Notification } from './notification.entity';

/**
 * Notifications with their actor joined in, so every read (the list, the live push, the
 * export) names the actor as they are now, in the same statement: never a query per row.
 */
export function selectNotifications(em: EntityManager): SelectQueryBuilder<Notification> {
  return em
    .createQueryBuilder(Notification, 'n')
    .leftJoin(Member, 'a', "a.id = CAST(n.data->>'actorId' AS uuid)")
    .select([
      'n.id AS id',
      'n.type AS type',
      'n.data AS data',
      'n.read_at AS read_at',
      'n.created_at AS created_at',
      'a.display_name AS actor_display_name',
      'a.erased_at AS actor_erased_at',
    ]);
}
