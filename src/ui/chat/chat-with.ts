// "Chat with this document" from the Library or a search result: a new conversation scoped to that
// one document, then the Chat page. The conversation is set up before navigating, so the page opens
// on it with nothing else to parse.
import type { ChatScope } from '../../state/chat-types';

interface StartsConversations {
  newConversation(scope?: ChatScope): void;
}

export function chatWithDocument(
  chat: StartsConversations,
  doc: { documentId: string; title: string },
  win: Window = window,
): void {
  chat.newConversation({ kind: 'document', documentId: doc.documentId, title: doc.title });
  win.location.hash = '#/chat';
}
