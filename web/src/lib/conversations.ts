import { useQuery } from '@tanstack/react-query';
import { api } from './api';
import { useAuth } from './auth';
import type { Conversation, ConversationMember, Page } from './types';

/** The inbox: own conversations, latest activity first (refetched by the socket's events). */
export function useConversations() {
  const { signedIn } = useAuth();
  return useQuery({
    queryKey: ['conversations'],
    queryFn: () => api<Page<Conversation>>('/conversations', { query: { limit: 100 } }),
    enabled: signedIn,
    refetchInterval: 120_000,
  });
}

/** How many conversations have unread messages: the header's badge. */
export function useUnreadConversations(): number {
  const { signedIn } = useAuth();
  const conversations = useConversations();
  if (!signedIn) return 0;
  return conversations.data?.items.filter((c) => c.unreadCount > 0).length ?? 0;
}

/** The other members of a conversation (the reader left out), or everyone if alone. */
export function othersIn(
  conversation: Conversation,
  myId: string | undefined,
): ConversationMember[] {
  const others = conversation.members.filter((member) => member.id !== myId);
  return others.length > 0 ? others : conversation.members;
}
