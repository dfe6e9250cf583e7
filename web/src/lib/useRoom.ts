import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from './api';
import { SeqTracker } from './seq';
import { newClientMsgId, useSocket } from './socket';
import type { ChatMessage, HistoryItem, Page, Room } from './types';

export const HISTORY_PAGE = 50;
const CATCH_UP_PAGE = 100;
const ACK_TIMEOUT_MS = 10_000;
/** A hole in the live `seq`s still open after this long is filled from the history. */
const GAP_WAIT_MS = 2_000;
/** How often the read position follows the newest message seen (at most). */
const READ_INTERVAL_MS = 1_000;

export interface PendingMessage {
  clientMsgId: string;
  body: string;
  status: 'sending' | 'failed';
  code?: string;
}

export interface RoomState {
  room: Room | null;
  messages: HistoryItem[];
  pending: PendingMessage[];
  online: { id: string; displayName: string }[];
  typing: { id: string; displayName: string }[];
  joined: boolean;
  error: string | null;
  hasOlder: boolean;
  loadingOlder: boolean;
}

/** Messages by `seq`, ascending: a message seen twice (join and live) is kept once. */
function merge(current: HistoryItem[], incoming: HistoryItem[]): HistoryItem[] {
  if (incoming.length === 0) return current;
  const bySeq = new Map(current.map((item) => [item.seq, item]));
  for (const item of incoming) bySeq.set(item.seq, item);
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}

const isMessage = (item: HistoryItem): item is ChatMessage => !('deleted' in item);

/**
 * A live room: joins on every (re)connection with `afterSeq` = the last `seq` up to which it
 * has every message (`SeqTracker`), so a reconnect catches up on what it missed (paging over
 * HTTP past the first 100) without doubling anything; a hole in the live messages that
 * stays open for 2 s is filled the same way; sends with a `clientMsgId` that a retry reuses.
 */
export function useRoom(
  roomId: string,
  myId: string | undefined,
  /** Where its history is paged from: a room's by default, a conversation's for one. */
  historyPath = `/rooms/${roomId}/messages`,
) {
  const { socket, connected } = useSocket();
  const [state, setState] = useState<RoomState>({
    room: null,
    messages: [],
    pending: [],
    online: [],
    typing: [],
    joined: false,
    error: null,
    hasOlder: false,
    loadingOlder: false,
  });
  const seqs = useRef(new SeqTracker());
  const joined = useRef(false);
  const pendingRef = useRef<PendingMessage[]>([]);
  const typingTimers = useRef(new Map<string, ReturnType<typeof setTimeout>>());

  const setPending = useCallback((update: (list: PendingMessage[]) => PendingMessage[]) => {
    pendingRef.current = update(pendingRef.current);
    setState((s) => ({ ...s, pending: pendingRef.current }));
  }, []);

  const addMessages = useCallback(
    (items: HistoryItem[]) => {
      if (items.length === 0) return;
      seqs.current.add(items);
      const mine = new Set(
        items
          .filter(isMessage)
          .filter((m) => m.author.id === myId)
          .map((m) => m.clientMsgId),
      );
      if (mine.size > 0) setPending((list) => list.filter((p) => !mine.has(p.clientMsgId)));
      setState((s) => ({ ...s, messages: merge(s.messages, items) }));
    },
    [myId, setPending],
  );

  const transmit = useCallback(
    (message: PendingMessage) => {
      if (!socket || !socket.connected || !joined.current) return; // sent after the next join
      socket
        .timeout(ACK_TIMEOUT_MS)
        .emit(
          'message:send',
          { roomId, clientMsgId: message.clientMsgId, body: message.body },
          (error, ack) => {
            if (!error && ack.ok) {
              addMessages([ack.message]);
              return;
            }
            const code = error ? 'NETWORK' : ack.ok ? 'INTERNAL_ERROR' : ack.code;
            setPending((list) =>
              list.map((p) =>
                p.clientMsgId === message.clientMsgId ? { ...p, status: 'failed', code } : p,
              ),
            );
          },
        );
    },
    [socket, roomId, addMessages, setPending],
  );

  useEffect(() => {
    if (!socket) return;
    const catchUp = async () => {
      for (;;) {
        const page = await api<Page<HistoryItem>>(historyPath, {
          query: { afterSeq: seqs.current.through ?? 0, limit: CATCH_UP_PAGE },
        });
        addMessages(page.items);
        if (page.items.length < CATCH_UP_PAGE) return;
      }
    };
    const join = () => {
      const afterSeq = seqs.current.through;
      socket
        .timeout(ACK_TIMEOUT_MS)
        .emit(
          'room:join',
          afterSeq === undefined ? { roomId } : { roomId, afterSeq },
          (error, ack) => {
            if (error || !ack.ok) {
              setState((s) => ({ ...s, error: error ? 'NETWORK' : ack.ok ? null : ack.code }));
              return;
            }
            joined.current = true;
            const first = ack.messages[0];
            setState((s) => ({
              ...s,
              room: ack.room,
              joined: true,
              error: null,
              hasOlder: afterSeq === undefined ? first !== undefined && first.seq > 1 : s.hasOlder,
            }));
            // A first join starts after the latest messages; a re-join continues from `through`.
            if (afterSeq === undefined) seqs.current.start(ack.messages);
            addMessages(ack.messages);
            watchGap();
            if (afterSeq !== undefined && ack.hasMore) void catchUp().catch(() => {});
            // What was typed while disconnected goes now, with its id: never twice.
            for (const message of pendingRef.current) {
              if (message.status === 'sending') transmit(message);
            }
          },
        );
    };
    // A live message above a hole: the hole is most often filled within milliseconds (two
    // stores finishing in either order); one still open after GAP_WAIT_MS is read from history.
    let gapTimer: ReturnType<typeof setTimeout> | undefined;
    const watchGap = () => {
      if (gapTimer || !seqs.current.hasGap) return;
      gapTimer = setTimeout(() => {
        gapTimer = undefined;
        if (seqs.current.hasGap && joined.current) void catchUp().catch(() => {});
      }, GAP_WAIT_MS);
    };
    const onDisconnect = () => {
      clearTimeout(gapTimer);
      gapTimer = undefined;
      joined.current = false;
      setState((s) => ({ ...s, joined: false, online: [], typing: [] }));
    };
    const timers = typingTimers.current;
    /** A member's message ends their "typing…": the message is what they were typing. */
    const stopTyping = (memberId: string) => {
      clearTimeout(timers.get(memberId));
      timers.delete(memberId);
      setState((s) =>
        s.typing.some((m) => m.id === memberId)
          ? { ...s, typing: s.typing.filter((m) => m.id !== memberId) }
          : s,
      );
    };
    const onMessage = (message: ChatMessage) => {
      if (message.roomId !== roomId) return;
      addMessages([message]);
      watchGap();
      stopTyping(message.author.id);
    };
    const onDeleted = (event: { roomId: string; id: string }) => {
      if (event.roomId !== roomId) return;
      setState((s) => ({
        ...s,
        messages: s.messages.map((item) =>
          item.id === event.id ? { id: item.id, roomId, seq: item.seq, deleted: true } : item,
        ),
      }));
    };
    const onPresence = (event: {
      roomId: string;
      online: { id: string; displayName: string }[];
    }) => {
      if (event.roomId === roomId) setState((s) => ({ ...s, online: event.online }));
    };
    const onTyping = (event: { roomId: string; member: { id: string; displayName: string } }) => {
      if (event.roomId !== roomId || event.member.id === myId) return;
      setState((s) => ({
        ...s,
        typing: [...s.typing.filter((m) => m.id !== event.member.id), event.member],
      }));
      clearTimeout(timers.get(event.member.id));
      timers.set(
        event.member.id,
        setTimeout(() => stopTyping(event.member.id), 4000),
      );
    };

    socket.on('connect', join);
    socket.on('disconnect', onDisconnect);
    socket.on('message:new', onMessage);
    socket.on('message:deleted', onDeleted);
    socket.on('presence', onPresence);
    socket.on('typing', onTyping);
    if (socket.connected) join();
    return () => {
      socket.off('connect', join);
      socket.off('disconnect', onDisconnect);
      socket.off('message:new', onMessage);
      socket.off('message:deleted', onDeleted);
      socket.off('presence', onPresence);
      socket.off('typing', onTyping);
      for (const timer of timers.values()) clearTimeout(timer);
      clearTimeout(gapTimer);
      if (socket.connected && joined.current) socket.emit('room:leave', { roomId }, () => {});
      joined.current = false;
    };
  }, [socket, roomId, myId, addMessages, transmit, historyPath]);

  // What the reader sees is read: the position follows the newest message while the page is
  // in sight (the server keeps it monotonic, and tells the member's other devices). At most
  // one `room:read` a second: in a busy room every reader would otherwise send one per message.
  const lastMarked = useRef(0);
  const newest = useRef(0);
  newest.current = state.messages[state.messages.length - 1]?.seq ?? 0;
  useEffect(() => {
    if (!socket || !state.joined) return;
    const mark = () => {
      const seq = newest.current;
      if (document.visibilityState !== 'visible' || seq <= lastMarked.current) return;
      lastMarked.current = seq;
      socket.emit('room:read', { roomId, seq }, () => {});
    };
    mark();
    const timer = setInterval(mark, READ_INTERVAL_MS);
    document.addEventListener('visibilitychange', mark);
    return () => {
      clearInterval(timer);
      document.removeEventListener('visibilitychange', mark);
      mark();
    };
  }, [socket, roomId, state.joined]);

  const send = useCallback(
    (body: string) => {
      const message: PendingMessage = { clientMsgId: newClientMsgId(), body, status: 'sending' };
      setPending((list) => [...list, message]);
      transmit(message);
    },
    [transmit, setPending],
  );

  const retry = useCallback(
    (clientMsgId: string) => {
      const message = pendingRef.current.find((p) => p.clientMsgId === clientMsgId);
      if (!message) return;
      const again: PendingMessage = { ...message, status: 'sending', code: undefined };
      setPending((list) => list.map((p) => (p.clientMsgId === clientMsgId ? again : p)));
      transmit(again);
    },
    [transmit, setPending],
  );

  const lastTyping = useRef(0);
  const notifyTyping = useCallback(() => {
    if (!socket || !joined.current || Date.now() - lastTyping.current < 2000) return;
    lastTyping.current = Date.now();
    socket.emit('typing', { roomId }, () => {});
  }, [socket, roomId]);

  const loadOlder = useCallback(async () => {
    const first = state.messages[0];
    if (!first) return;
    setState((s) => ({ ...s, loadingOlder: true }));
    try {
      const page = await api<Page<HistoryItem>>(historyPath, {
        query: { beforeSeq: first.seq, limit: HISTORY_PAGE },
      });
      const oldest = page.items[0];
      setState((s) => ({
        ...s,
        messages: merge(s.messages, page.items),
        hasOlder: oldest !== undefined && oldest.seq > 1,
        loadingOlder: false,
      }));
    } catch {
      setState((s) => ({ ...s, loadingOlder: false }));
    }
  }, [historyPath, state.messages]);

  return { ...state, connected, send, retry, notifyTyping, loadOlder };
}
