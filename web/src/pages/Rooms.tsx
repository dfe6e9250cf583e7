import { useQuery } from '@tanstack/react-query';
import { useLayoutEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { MentionTextarea } from '../components/MentionTextarea';
import { ChatGate, ConnectionNotice, LockedLounge, LoungeInvite } from '../components/RoomGate';
import { Empty, ErrorNote, Loading } from '../components/ui';
import { api } from '../lib/api';
import { isModerator, useAuth } from '../lib/auth';
import { codeMessage } from '../lib/errors';
import { roomDescription, roomName } from '../lib/rooms';
import type { Page, RoomListItem } from '../lib/types';
import { useRoom } from '../lib/useRoom';
import { DatedMessages } from './rooms/Messages';

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
  const [draft, setDraft] = useState('');
  const list = useRef<HTMLOListElement>(null);
  const stick = useRef(true);
  const previousHeight = useRef<number | null>(null);

  // Keep the view at the bottom for new messages, and in place when older ones load above.
  useLayoutEffect(() => {
    const element = list.current;
    if (!element) return;
    if (previousHeight.current !== null) {
      element.scrollTop += element.scrollHeight - previousHeight.current;
      previousHeight.current = null;
    } else if (stick.current) {
      element.scrollTop = element.scrollHeight;
    }
  }, [room.messages, room.pending]);

  const loadOlder = () => {
    previousHeight.current = list.current?.scrollHeight ?? null;
    void room.loadOlder();
  };

  const submit = (event?: FormEvent) => {
    event?.preventDefault();
    const body = draft.trim();
    if (!body) return;
    room.send(body);
    setDraft('');
    stick.current = true;
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      submit();
    }
  };

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
      <ol
        className="messages"
        ref={list}
        data-testid="messages"
        aria-live="polite"
        onScroll={(event) => {
          const element = event.currentTarget;
          stick.current = element.scrollHeight - element.scrollTop - element.clientHeight < 40;
        }}
      >
        <li className="history-edge">
          {room.hasOlder ? (
            <button
              type="button"
              className="secondary small"
              disabled={room.loadingOlder}
              onClick={loadOlder}
            >
              {room.loadingOlder ? t('common.loading') : t('rooms.older')}
            </button>
          ) : (
            room.joined && (
              <span className="muted">
                {room.messages.length > 0 ? t('rooms.noOlder') : t('rooms.empty_room')}
              </span>
            )
          )}
        </li>
        <DatedMessages
          messages={room.messages}
          sendingToday={room.pending.length > 0}
          myId={myId}
          moderator={moderator}
        />
        {room.pending.map((message) => (
          <li key={message.clientMsgId} className={`message mine ${message.status}`}>
            <p className="body">{message.body}</p>
            <p className="meta">
              {message.status === 'sending' ? (
                <span className="muted">{t('rooms.sending')}</span>
              ) : (
                <>
                  <span className="error-text">
                    {t('rooms.failed')}{' '}
                    {message.code ? codeMessage(message.code, t, i18n.language) : ''}
                  </span>
                  <button
                    type="button"
                    className="small"
                    onClick={() => room.retry(message.clientMsgId)}
                  >
                    {t('common.retry')}
                  </button>
                </>
              )}
            </p>
          </li>
        ))}
      </ol>
      <p className="typing muted" aria-live="polite" data-testid="typing">
        {room.typing.length > 0 &&
          t('rooms.typing', { names: room.typing.map((member) => member.displayName).join(', ') })}
      </p>
      <form className="composer" onSubmit={submit}>
        <label htmlFor="composer" className="sr-only">
          {t('rooms.messageLabel')}
        </label>
        <MentionTextarea
          id="composer"
          rows={2}
          maxLength={4000}
          enterKeyHint="send"
          value={draft}
          placeholder={t('rooms.messageLabel')}
          onKeyDown={onKeyDown}
          onValueChange={(value) => {
            setDraft(value);
            room.notifyTyping();
          }}
        />
        <button type="submit" className="send" disabled={draft.trim() === ''}>
          {t('rooms.send')}
        </button>
      </form>
    </section>
  );
}
