import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ChatGate, ConnectionNotice, LockedLounge, LoungeInvite } from '../components/RoomGate';
import { Empty, ErrorNote, Loading } from '../components/ui';
import { api } from '../lib/api';
import { isModerator, useAuth } from '../lib/auth';
import { codeMessage } from '../lib/errors';
import { roomDescription, roomName } from '../lib/rooms';
import type { Page, RoomListItem } from '../lib/types';
import { useRoom } from '../lib/useRoom';
import { ChatPane } from './rooms/ChatPane';

export function useRooms(enabled: boolean) {
  return useQuery({
    queryKey: ['rooms'],
    queryFn: () => api<Page<RoomListItem>>('/rooms'),
    enabled,
  });
}

export function RoomsPage() {
  const { t } = useTranslation();
  const { signedIn } = useAuth();
  const rooms = useRooms(signedIn);
  if (!signedIn) {
    return (
      <section className="card narrow">
        <h1>{t('rooms.title')}</h1>
        <p>
          <Link to="/login?next=/rooms">{t('rooms.loginRequired')}</Link>
        </p>
      </section>
    );
  }
  return (
    <section className="narrow">
      <h1>{t('rooms.title')}</h1>
      {rooms.isPending && <Loading />}
      {rooms.isError && <ErrorNote error={rooms.error} />}
      {rooms.data?.items.length === 0 && <Empty>{t('rooms.empty')}</Empty>}
      <ul className="rooms" data-testid="rooms">
        {rooms.data?.items.map((room) => (
          <li key={room.id} className={room.kind === 'golden_crown' ? 'card gold-card' : 'card'}>
            <Link to={`/rooms/${room.id}`} data-slug={room.slug}>
              {room.kind === 'golden_crown' && <span aria-hidden="true">♛ </span>}
              {roomName(room, t)}
              {room.unreadCount > 0 && (
                <span
                  className="unread-count"
                  aria-label={t('dm.unread', { count: room.unreadCount })}
                >
                  {' '}
                  ({room.unreadCount})
                </span>
              )}
            </Link>
            {room.description && <p className="muted">{roomDescription(room, t)}</p>}
          </li>
        ))}
      </ul>
      <LoungeInvite />
    </section>
  );
}

export function RoomPage() {
  const { id = '' } = useParams();
  const { me } = useAuth();
  if (!me) return <Loading />;
  return (
    <ChatGate>
      <LiveRoom key={id} roomId={id} myId={me.id} moderator={isModerator(me)} />
    </ChatGate>
  );
}

function LiveRoom({
  roomId,
  myId,
  moderator,
}: {
  roomId: string;
  myId: string;
  moderator: boolean;
}) {
  const { t, i18n } = useTranslation();
  const room = useRoom(roomId, myId);
  if (room.error === 'FORBIDDEN' && !room.room) return <LockedLounge />;
  if (room.error && !room.room) {
    return (
      <section className="card narrow">
        <p className="error" role="alert">
          {room.error === 'NOT_FOUND' || room.error === 'VALIDATION_FAILED'
            ? t('rooms.roomNotFound')
            : codeMessage(room.error, t, i18n.language)}
        </p>
        <Link to="/rooms">{t('common.back')}</Link>
      </section>
    );
  }

  return (
    <section className="room">
      <header className="room-head">
        <div>
          <Link to="/rooms" className="muted">
            ← {t('rooms.title')}
          </Link>
          <h1>
            {room.room?.kind === 'golden_crown' && <span aria-hidden="true">♛ </span>}
            {room.room ? roomName(room.room, t) : t('common.loading')}
          </h1>
          <ConnectionNotice />
          {room.connected && !room.joined && <p className="muted">{t('rooms.connecting')}</p>}
        </div>
        <div className="presence" aria-live="polite">
          <h2>{t('rooms.online', { count: room.online.length })}</h2>
          <ul data-testid="presence">
            {room.online.map((member) => (
              <li key={member.id}>
                <span className="dot" aria-hidden="true" /> {member.displayName}
              </li>
            ))}
          </ul>
        </div>
      </header>
      <ChatPane
        room={room}
        myId={myId}
        moderator={moderator}
        beginning={room.messages.length > 0 ? t('rooms.noOlder') : t('rooms.empty_room')}
      />
    </section>
  );
}
