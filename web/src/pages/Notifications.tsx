import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Empty, ErrorNote, Loading } from '../components/ui';
import { api } from '../lib/api';
import { formatDate } from '../lib/format';
import { describeNotification, notificationLink } from '../lib/notifications';
import type { Notification, Page } from '../lib/types';

export function NotificationsPage() {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const [unreadOnly, setUnreadOnly] = useState(false);
  const list = useInfiniteQuery({
    queryKey: ['notifications', 'list', unreadOnly],
    queryFn: ({ pageParam }) =>
      api<Page<Notification>>('/notifications', {
        query: { unread: unreadOnly || undefined, cursor: pageParam, limit: 30 },
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const markRead = useMutation({
    mutationFn: (body: { ids: string[] } | { all: true }) =>
      api('/notifications/read', { method: 'POST', body }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['notifications'] }),
  });
  const items = list.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <section className="narrow">
      <div className="row between notifications-head">
        <h1>{t('notifications.title')}</h1>
        <div className="actions">
          <label className="check">
            <input
              type="checkbox"
              checked={unreadOnly}
              onChange={(event) => setUnreadOnly(event.target.checked)}
            />
            {t('notifications.unreadOnly')}
          </label>
          <button
            type="button"
            className="secondary"
            disabled={markRead.isPending}
            onClick={() => markRead.mutate({ all: true })}
          >
            {t('notifications.markAll')}
          </button>
        </div>
      </div>
      <ErrorNote error={markRead.error} />
      {list.isPending && <Loading />}
      {list.isError && <ErrorNote error={list.error} />}
      {list.isSuccess && items.length === 0 && <Empty>{t('notifications.empty')}</Empty>}
      <ul className="notifications">
        {items.map((notification) => {
          const link = notificationLink(notification);
          const text = describeNotification(notification, t, i18n.language);
          const read = () => !notification.readAt && markRead.mutate({ ids: [notification.id] });
          return (
            <li
              key={notification.id}
              className={notification.readAt ? 'card' : 'card unread'}
              data-testid="notification"
            >
              {link ? (
                <Link to={link} onClick={read}>
                  {text}
                </Link>
              ) : (
                <span>{text}</span>
              )}
              <small className="muted">
                <time dateTime={notification.createdAt}>
                  {formatDate(notification.createdAt, i18n.language)}
                </time>
              </small>
            </li>
          );
        })}
      </ul>
      {list.hasNextPage && (
        <button type="button" className="secondary" onClick={() => void list.fetchNextPage()}>
          {t('common.loadMore')}
        </button>
      )}
    </section>
  );
}
