/** A notification was stored for a member: pushed live to their sockets. */
export interface NotificationCreatedEvent {
  memberId: string;
  notification: {
    id: string;
    type: string;
    data: Record<string, unknown>;
    readAt: string | null;
    createdAt: string;
  };
}

declare module '../../common/events/domain-events' {
  interface DomainEvents {
    'notification.created': NotificationCreatedEvent;
  }
}
