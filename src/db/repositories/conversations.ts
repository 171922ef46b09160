// Chat history: conversations and their messages, each answer with the sources it cited (and where
// they sit, so a citation still opens the right place, or still names its source after the document
// is gone), the model that wrote it and its timings. Messages of a conversation are strictly ordered
// by createdAt (two appended in the same millisecond get consecutive stamps), and a conversation's
// updatedAt moves with every message, so the list shows the latest talk first. Records are normalised
// on read; fields this version does not know are kept. A conversation keeps the scope its questions
// are asked in (whole library, one collection, one document); an answer keeps how it ended (done,
// stopped, failed with its reason, abstained) and every source it was given, cited or not.
import type { ThinkBankDb } from '../database';
import { InvalidInputError } from '../errors';
import { asRaw, readNumber, readOneOf, readOptionalString, readString } from '../normalize';
import { DEFAULT_COLLECTION_ID } from '../schema';
import type { CitationRecord, ConversationRecord, DocumentType, MessageRecord } from '../types';
import { defined } from '../../core/defined';

export const MAX_CONVERSATION_TITLE = 120;
/** A new conversation's title until its first question names it. */
export const UNTITLED_CONVERSATION = 'New conversation';

const TIMING_KEYS = [
  'retrievalMs',
  'promptTokens',
  'firstTokenMs',
  'totalMs',
  'outputTokens',
  'tokensPerSecond',
] as const;
export type TimingKey = (typeof TIMING_KEYS)[number];
/** How an answer was made: retrieval and generation times, token counts, speed. */
export type MessageTimings = Partial<Record<TimingKey, number>>;

/** A citation as stored: where [n] points, plus words to show if the document is later deleted. */
export interface StoredCitation extends CitationRecord {
  title?: string;
  /** "Title › Section, page 4". */
  label?: string;
  /** The start of the passage, for the source list. */
  excerpt?: string;
  type?: DocumentType;
  /** The answer cites it (false: the model was given it, or it was a nearest passage). */
  isCited?: boolean;
}

const DOCUMENT_TYPES: readonly DocumentType[] = [
  'pdf',
  'markdown',
  'html',
  'docx',
  'text',
  'image',
  'audio',
  'other',
];

/** What a conversation's questions are answered from (the chat's ChatScope, as stored). */
export type ConversationScope =
  | { kind: 'library' }
  | { kind: 'collection'; collectionId: string; name: string }
  | { kind: 'document'; documentId: string; title: string };

export interface ChatConversationRecord extends ConversationRecord {
  scope: ConversationScope;
}

/** How a stored answer ended. */
export type StoredAnswerStatus = 'done' | 'stopped' | 'failed' | 'abstained';
const ANSWER_STATUSES = ['done', 'stopped', 'failed', 'abstained'] as const;

export interface ChatMessageRecord extends MessageRecord {
  citations: StoredCitation[];
  /** The chat model that wrote an answer (registry key); undefined for questions. */
  modelKey: string | undefined;
  timings: MessageTimings;
  status: StoredAnswerStatus;
  /** Why the answer failed, in plain words. */
  error: string | undefined;
}

export interface NewMessage {
  role: MessageRecord['role'];
  text: string;
  citations?: StoredCitation[];
  modelKey?: string;
  timings?: MessageTimings;
  status?: StoredAnswerStatus;
  error?: string;
}

export interface LoadedConversation {
  conversation: ChatConversationRecord;
  messages: ChatMessageRecord[];
}

/** A stored scope, or the whole library when it is missing or malformed (older records). */
export function normalizeScope(value: unknown): ConversationScope {
  const raw = asRaw(value);
  const kind = raw['kind'];
  if (kind === 'collection') {
    const collectionId = readString(raw['collectionId'], '');
    if (collectionId !== '') return { kind, collectionId, name: readString(raw['name'], '') };
  }
  if (kind === 'document') {
    const documentId = readString(raw['documentId'], '');
    if (documentId !== '') return { kind, documentId, title: readString(raw['title'], '') };
  }
  return { kind: 'library' };
}

export function normalizeConversation(value: unknown): ChatConversationRecord {
  const raw = asRaw(value);
  const createdAt = readNumber(raw['createdAt'], 0);
  return {
    ...raw,
    id: readString(raw['id'], ''),
    collectionId: readString(raw['collectionId'], DEFAULT_COLLECTION_ID),
    title: readString(raw['title'], '').trim() || UNTITLED_CONVERSATION,
    createdAt,
    updatedAt: readNumber(raw['updatedAt'], createdAt),
    scope: normalizeScope(raw['scope']),
  };
}

function normalizeCitation(value: unknown): StoredCitation | undefined {
  const raw = asRaw(value);
  const n = readNumber(raw['n'], 0);
  const chunkId = readString(raw['chunkId'], '');
  if (n < 1 || chunkId === '') return undefined;
  const location = raw['location'];
  const title = readOptionalString(raw['title']);
  const label = readOptionalString(raw['label']);
  const excerpt = readOptionalString(raw['excerpt']);
  const type = DOCUMENT_TYPES.find((t) => t === raw['type']);
  const isCited = raw['isCited'];
  return {
    ...raw,
    n,
    chunkId,
    documentId: readString(raw['documentId'], ''),
    location: typeof location === 'object' && location !== null ? location : {},
    ...defined({ title, label, excerpt, type }),
    ...(typeof isCited === 'boolean' ? { isCited } : {}),
  };
}

function normalizeTimings(value: unknown): MessageTimings {
  const raw = asRaw(value);
  const out: MessageTimings = {};
  for (const key of TIMING_KEYS) {
    const v = raw[key];
    if (typeof v === 'number' && Number.isFinite(v)) out[key] = v;
  }
  return out;
}

export function normalizeMessage(value: unknown): ChatMessageRecord {
  const raw = asRaw(value);
  const citations = Array.isArray(raw['citations']) ? raw['citations'] : [];
  return {
    ...raw,
    id: readString(raw['id'], ''),
    conversationId: readString(raw['conversationId'], ''),
    role: readOneOf(raw['role'], ['user', 'assistant'] as const, 'assistant'),
    text: readString(raw['text'], ''),
    citations: citations.flatMap((c) => normalizeCitation(c) ?? []),
    createdAt: readNumber(raw['createdAt'], 0),
    modelKey: readOptionalString(raw['modelKey']),
    timings: normalizeTimings(raw['timings']),
    status: readOneOf(raw['status'], ANSWER_STATUSES, 'done'),
    error: readOptionalString(raw['error']),
  };
}

function validTitle(title: string): string {
  const trimmed = title.trim().replace(/\s+/g, ' ');
  if (!trimmed) throw new InvalidInputError('Give the conversation a name.');
  if (trimmed.length > MAX_CONVERSATION_TITLE) {
    throw new InvalidInputError(`Keep the name under ${MAX_CONVERSATION_TITLE + 1} characters.`);
  }
  return trimmed;
}

/** A title from a first question: its first line, cut at a word near the length limit. */
export function titleFromQuestion(question: string): string {
  const line = question.trim().split('\n')[0]?.trim().replace(/\s+/g, ' ') ?? '';
  if (line.length <= 60) return line || UNTITLED_CONVERSATION;
  const cut = line.slice(0, 60);
  const space = cut.lastIndexOf(' ');
  return `${space > 30 ? cut.slice(0, space) : cut}…`;
}

/** Conversations, latest activity first; only one library's when `collectionId` is given. */
export async function listConversations(
  db: ThinkBankDb,
  collectionId?: string,
): Promise<ChatConversationRecord[]> {
  const rows = await db.conversations.toArray();
  return rows
    .map(normalizeConversation)
    .filter((c) => collectionId === undefined || c.collectionId === collectionId)
    .sort((a, b) => b.updatedAt - a.updatedAt || b.createdAt - a.createdAt);
}

export async function createConversation(
  db: ThinkBankDb,
  options: { collectionId?: string; title?: string; scope?: ConversationScope } = {},
): Promise<ChatConversationRecord> {
  const now = Date.now();
  const scope = options.scope ?? { kind: 'library' };
  const record: ChatConversationRecord = {
    id: crypto.randomUUID(),
    collectionId:
      options.collectionId ?? (scope.kind === 'collection' ? scope.collectionId : DEFAULT_COLLECTION_ID),
    title: options.title === undefined ? UNTITLED_CONVERSATION : validTitle(options.title),
    createdAt: now,
    updatedAt: now,
    scope,
  };
  await db.conversations.add(record);
  return record;
}

export async function renameConversation(db: ThinkBankDb, id: string, title: string): Promise<void> {
  const name = validTitle(title);
  await db.transaction('rw', db.conversations, async () => {
    if (!(await db.conversations.get(id))) throw new InvalidInputError('That conversation no longer exists.');
    await db.conversations.update(id, { title: name, updatedAt: Date.now() });
  });
}

/** Changes what a conversation's next questions are answered from. */
export async function setConversationScope(
  db: ThinkBankDb,
  id: string,
  scope: ConversationScope,
): Promise<void> {
  await db.transaction('rw', db.conversations, async () => {
    const stored = await db.conversations.get(id);
    if (!stored) throw new InvalidInputError('That conversation no longer exists.');
    const record: ChatConversationRecord = { ...normalizeConversation(stored), scope };
    await db.conversations.put(record);
  });
}

/** Deletes a conversation and all its messages in one transaction. */
export async function deleteConversation(db: ThinkBankDb, id: string): Promise<void> {
  await db.transaction('rw', [db.conversations, db.messages], async () => {
    await db.messages.where('conversationId').equals(id).delete();
    await db.conversations.delete(id);
  });
}

/**
 * Appends a message and moves the conversation to the top of the list; the first question names an
 * untitled conversation. Returns the stored message.
 */
export async function appendMessage(
  db: ThinkBankDb,
  conversationId: string,
  message: NewMessage,
): Promise<ChatMessageRecord> {
  return db.transaction('rw', [db.conversations, db.messages], async () => {
    const stored = await db.conversations.get(conversationId);
    if (!stored) throw new InvalidInputError('That conversation no longer exists.');
    const conversation = normalizeConversation(stored);
    const last = await db.messages
      .where('[conversationId+createdAt]')
      .between([conversationId, -Infinity], [conversationId, Infinity])
      .last();
    const createdAt = Math.max(Date.now(), (last?.createdAt ?? 0) + 1);
    const record: ChatMessageRecord = {
      id: crypto.randomUUID(),
      conversationId,
      role: message.role,
      text: message.text,
      citations: message.citations ?? [],
      createdAt,
      modelKey: message.modelKey,
      timings: message.timings ?? {},
      status: message.status ?? 'done',
      error: message.error,
    };
    await db.messages.add(record);
    const isUntitled =
      conversation.title === UNTITLED_CONVERSATION && message.role === 'user' && last === undefined;
    await db.conversations.update(conversationId, {
      updatedAt: Math.max(createdAt, conversation.updatedAt),
      ...(isUntitled ? { title: titleFromQuestion(message.text) } : {}),
    });
    return record;
  });
}

/** A conversation with its messages in order, or undefined when it does not exist. */
export async function loadConversation(db: ThinkBankDb, id: string): Promise<LoadedConversation | undefined> {
  return db.transaction('r', [db.conversations, db.messages], async () => {
    const stored = await db.conversations.get(id);
    if (!stored) return undefined;
    const messages = await db.messages
      .where('[conversationId+createdAt]')
      .between([id, -Infinity], [id, Infinity])
      .toArray();
    return { conversation: normalizeConversation(stored), messages: messages.map(normalizeMessage) };
  });
}
