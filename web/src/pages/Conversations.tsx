import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { ChatGate, ConnectionNotice } from '../components/RoomGate';
import { Empty, ErrorNote, Loading } from '../components/ui';
import { api } from '../lib/api';
import { useAuth } from '../lib/auth';
import { othersIn, useConversations } from '../lib/conversations';
import { codeMessage } from '../lib/errors';
import { formatTime } from '../lib/format';
import type { Conversation, PublicProfile } from '../lib/types';
import { useRoom } from '../lib/useRoom';
import { ChatPane } from './rooms/ChatPane';

/** The inbox: own direct conversations, latest activity first, with their unread counts. */
export function InboxPage() {
  const { t, i18n } = useTranslation();
  const { me } = useAuth();
  const conversations = useConversations();
  return (
    <section className="narrow">
      <h1>{t('dm.inbox')}</h1>
      {conversations.isPending && <Loading />}
      {conversations.isError && <ErrorNote error={conversations.error} />}
      {conversations.data?.items.length === 0 && <Empty>{t('dm.empty')}</Empty>}
      <ul className="inbox" data-testid="inbox">
        {conversations.data?.items.map((conversation) => {
          const last = conversation.lastMessage;
          return (
            <li
              key={conversation.id}
              className={conversation.unreadCount > 0 ? 'card unread' : 'card'}
            >
              <Link to={`/messages/${conversation.id}`} className="inbox-row">
                <span className="inbox-names">{names(conversation, me?.id)}</span>
                {conversation.unreadCount > 0 && (
                  <span
                    className="count"
                    data-testid="conversation-unread"
                    aria-label={t('dm.unread', { count: conversation.unreadCount })}
                  >
                    {conversation.unreadCount}
                  </span>
                )}
                {conversation.muted && <span className="muted small">{t('dm.muted')}</span>}
              </Link>
              <p className="muted inbox-last">
                {last && 'body' in last ? (
                  <>
                    <time dateTime={last.createdAt}>
                      {formatTime(last.createdAt, i18n.language)}
                    </time>{' '}
                    {last.author.id === me?.id ? t('dm.you') : last.author.displayName}:{' '}
                    {last.body.length > 80 ? `${last.body.slice(0, 80)}…` : last.body}
                  </>
                ) : (
                  t('rooms.deleted')
                )}
              </p>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

const names = (conversation: Conversation, myId: string | undefined) =>
  othersIn(conversation, myId)
    .map((member) => member.displayName)
    .join(', ');

/** `/messages/new?to=<memberId>`: the first message to a member (or the next, if one exists). */
export function NewConversationPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const to = params.get('to') ?? '';
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [body, setBody] = useState('');
  const recipient = useQuery({
    queryKey: ['member', to],
    queryFn: () => api<PublicProfile>(`/members/${to}`),
    enabled: to !== '',
  });
  const start = useMutation({
    mutationFn: () =>
      api<Conversation>('/conversations', {
        method: 'POST',
        body: { memberIds: [to], body: body.trim() },
      }),
    onSuccess: (conversation) => {
      void queryClient.invalidateQueries({ queryKey: ['conversations'] });
      void navigate(`/messages/${conversation.id}`, { replace: true });
    },
  });
  if (!to) return <Empty>{t('dm.noRecipient')}</Empty>;
  if (recipient.isPending) return <Loading />;
  if (recipient.isError) return <ErrorNote error={recipient.error} />;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (body.trim()) start.mutate();
  };
  return (
    <section className="card narrow">
      <h1>{t('dm.newTitle', { name: recipient.data.displayName })}</h1>
      <form className="stack" onSubmit={submit}>
        <label htmlFor="first-message">{t('rooms.messageLabel')}</label>
        <textarea
          id="first-message"
          rows={4}
          maxLength={4000}
          value={body}
          onChange={(event) => setBody(event.target.value)}
        />
        <ErrorNote error={start.error} />
        <div className="row">
          <button type="submit" disabled={!body.trim() || start.isPending}>
            {t('rooms.send')}
          </button>
          <Link to={`/members/${to}`}>{t('common.cancel')}</Link>
        </div>
      </form>
    </section>
  );
}

export function ConversationPage() {
  const { id = '' } = useParams();
  const { me } = useAuth();
  if (!me) return <Loading />;
  return (
    <ChatGate>
      <LiveConversation key={id} conversationId={id} myId={me.id} />
    </ChatGate>
  );
}

/**
 * A live conversation, like a room: joined over the socket (history, catch-up after a
 * reconnect), messages sent with a `clientMsgId`, read as they are seen.
 */
function LiveConversation({ conversationId, myId }: { conversationId: string; myId: string }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const room = useRoom(conversationId, myId, `/conversations/${conversationId}/messages`);
  const conversations = useConversations();
  const conversation = conversations.data?.items.find((c) => c.id === conversationId);
  const mute = useMutation({
    mutationFn: (muted: boolean) =>
      api(`/conversations/${conversationId}/mute`, { method: 'PUT', body: { muted } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['conversations'] }),
  });
  const leave = useMutation({
    mutationFn: () => api(`/conversations/${conversationId}/leave`, { method: 'POST' }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['conversations'] });
      void navigate('/messages');
    },
  });

  if (room.error && !room.room) {
    return (
      <section className="card narrow">
        <p className="error" role="alert">
          {room.error === 'NOT_FOUND' || room.error === 'VALIDATION_FAILED'
            ? t('dm.notFound')
            : codeMessage(room.error, t, i18n.language)}
        </p>
        <Link to="/messages">{t('dm.inbox')}</Link>
      </section>
    );
  }

  return (
    <section className="room conversation">
      <header className="room-head">
        <div>
          <Link to="/messages" className="muted">
            ← {t('dm.inbox')}
          </Link>
          <h1 data-testid="conversation-title">
            {conversation ? names(conversation, myId) : t('common.loading')}
          </h1>
          <ConnectionNotice />
          {room.connected && !room.joined && <p className="muted">{t('rooms.connecting')}</p>}
        </div>
        {conversation && (
          <div className="row wrap conversation-actions">
            <button
              type="button"
              className="secondary small"
              disabled={mute.isPending}
              onClick={() => mute.mutate(!conversation.muted)}
            >
              {conversation.muted ? t('dm.unmute') : t('dm.mute')}
            </button>
            <button
              type="button"
              className="secondary small"
              disabled={leave.isPending}
              onClick={() => {
                if (window.confirm(t('dm.leaveConfirm'))) leave.mutate();
              }}
            >
              {t('dm.leave')}
            </button>
            <ErrorNote error={mute.error ?? leave.error} />
          </div>
        )}
      </header>
      <ChatPane room={room} myId={myId} moderator={false} beginning={t('dm.beginning')} />
    </section>
  );
}
