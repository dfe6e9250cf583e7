import {
  useLayoutEffect,
  useRef,
  useState,
  type FormEvent,
  type KeyboardEvent,
  type ReactNode,
} from 'react';
import { useTranslation } from 'react-i18next';
import { MentionTextarea } from '../../components/MentionTextarea';
import { codeMessage } from '../../lib/errors';
import type { useRoom } from '../../lib/useRoom';
import { DatedMessages } from './Messages';

/**
 * The talk of a room or a direct conversation: its messages by day (older ones on demand),
 * the member's messages still sending or failed, who is typing, and the composer with the
 * `@` autocomplete (Enter sends, Shift+Enter breaks the line). The view stays at the
 * bottom for new messages and in place when older ones load above.
 */
export function ChatPane({
  room,
  myId,
  moderator,
  beginning,
}: {
  room: ReturnType<typeof useRoom>;
  myId: string;
  moderator: boolean;
  /** What the top of the history says once there is nothing older. */
  beginning: ReactNode;
}) {
  const { t, i18n } = useTranslation();
  const [draft, setDraft] = useState('');
  const list = useRef<HTMLOListElement>(null);
  const stick = useRef(true);
  const previousHeight = useRef<number | null>(null);

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

  return (
    <>
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
            room.joined && <span className="muted">{beginning}</span>
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
    </>
  );
}
