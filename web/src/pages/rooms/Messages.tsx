import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Avatar } from '../../components/Avatar';
import { LinkedText } from '../../components/LinkedText';
import { MessageMenu, type MenuAction } from '../../components/MessageMenu';
import { ReportForm } from '../../components/ReportButton';
import { ErrorNote } from '../../components/ui';
import { localeOf } from '../../i18n';
import { api } from '../../lib/api';
import { dayHeading, localDayKey } from '../../lib/days';
import { formatTime } from '../../lib/format';
import type { HistoryItem } from '../../lib/types';

/**
 * The room's messages, oldest first, with a separator before each day's first message
 * (今天 / 昨天 / the date), and one for today before messages still being sent when the
 * last stored one is older. A deleted message keeps no time: it stays in its day.
 */
export function DatedMessages({
  messages,
  sendingToday,
  myId,
  moderator,
}: {
  messages: HistoryItem[];
  sendingToday: boolean;
  myId: string;
  moderator: boolean;
}) {
  const { t, i18n } = useTranslation();
  const now = new Date();
  const words = { today: t('rooms.today'), yesterday: t('rooms.yesterday') };
  const rows: ReactNode[] = [];
  let lastDay: string | null = null;
  for (const item of messages) {
    if (!('deleted' in item)) {
      const moment = new Date(item.createdAt);
      const day = localDayKey(moment);
      if (day !== lastDay) {
        const label = dayHeading(moment, now, localeOf(i18n.language), words);
        rows.push(<DaySeparator key={`day-${day}`} label={label} />);
        lastDay = day;
      }
    }
    rows.push(
      <MessageItem
        key={item.seq}
        item={item}
        myId={myId}
        moderator={moderator}
        language={i18n.language}
      />,
    );
  }
  const today = localDayKey(now);
  if (sendingToday && lastDay !== today) {
    rows.push(<DaySeparator key={`day-${today}`} label={words.today} />);
  }
  return <>{rows}</>;
}

/**
 * One message of the list: its author and time, its text with clickable links, and a "⋯"
 * menu with what the reader may do with it (report someone else's; delete one's own, or
 * any as a moderator). Reporting opens the report form under the message.
 */
function MessageItem({
  item,
  myId,
  moderator,
  language,
}: {
  item: HistoryItem;
  myId: string;
  moderator: boolean;
  language: string;
}) {
  const { t } = useTranslation();
  const [error, setError] = useState<unknown>(null);
  const [reporting, setReporting] = useState(false);
  if ('deleted' in item) {
    return (
      <li className="message tombstone" data-seq={item.seq}>
        <span className="muted">{t('rooms.deleted')}</span>
      </li>
    );
  }
  const mine = item.author.id === myId;
  const actions: MenuAction[] = [];
  if (!mine) {
    actions.push({ key: 'report', label: t('post.report'), onSelect: () => setReporting(true) });
  }
  if (mine || moderator) {
    actions.push({
      key: 'delete',
      label: t('common.delete'),
      onSelect: () => {
        setError(null);
        api(`/messages/${item.id}`, { method: 'DELETE' }).catch(setError);
      },
    });
  }
  return (
    <li className={mine ? 'message mine' : 'message'} data-seq={item.seq}>
      <div className="meta">
        <Link to={`/members/${item.author.id}`} className="message-author">
          <Avatar name={item.author.displayName} url={item.author.avatarUrl} size={22} />
          {item.author.displayName}
        </Link>
        <time dateTime={item.createdAt}>{formatTime(item.createdAt, language)}</time>
        <MessageMenu actions={actions} align={mine ? 'end' : 'start'} />
      </div>
      <p className="body">
        <LinkedText text={item.body} />
      </p>
      {reporting && (
        <ReportForm targetType="message" targetId={item.id} onClose={() => setReporting(false)} />
      )}
      <ErrorNote error={error} />
    </li>
  );
}

/** A line across the list with the day's name; read as a separator named by it. */
function DaySeparator({ label }: { label: string }) {
  return (
    <li className="day-separator" role="separator" aria-label={label} data-testid="day-separator">
      <span aria-hidden="true">{label}</span>
    </li>
  );
}
