/** The conversation as the widget shows it: history, live replies and the visitor's own sends, merged. */
export type Author = 'customer' | 'bot' | 'agent';

export interface Attachment {
  /** The stored attachment's id (downloadable), or the upload id while it is only local. */
  id: string;
  kind: 'image' | 'voice' | 'file';
  name?: string;
  mimeType: string;
  sizeBytes: number;
  /** A blob: URL of the visitor's own file, shown without a download. */
  preview?: string;
}

export type Delivery = 'queued' | 'sending' | 'sent' | 'failed';

export interface ChatMessage {
  /** The gateway's message or reply id once known. */
  id: string | null;
  /** The widget's id for the visitor's own messages (resends reuse it; the gateway dedupes). */
  clientMessageId: string | null;
  author: Author;
  text: string;
  action?: 'request_human';
  attachments: Attachment[];
  /** The agent's name, when the gateway sends one. */
  name?: string;
  sentAt: string;
  delivery: Delivery;
  /** Why a send failed, for the visitor. */
  problem?: string;
}

/** One line of the gateway's `history` or a live `message` (role and optional fields as sent). */
export interface ServerMessage {
  id: string;
  role: Author;
  text: string;
  action?: 'request_human';
  attachments?: Omit<Attachment, 'preview'>[];
  clientMessageId?: string;
  name?: string;
  sentAt: string;
}

export function fromServer(line: ServerMessage): ChatMessage {
  return {
    id: line.id,
    clientMessageId: line.clientMessageId ?? null,
    author: line.role,
    text: line.text,
    ...(line.action ? { action: line.action } : {}),
    attachments: (line.attachments ?? []).map((attachment) => ({ ...attachment })),
    ...(line.name ? { name: line.name } : {}),
    sentAt: line.sentAt,
    delivery: 'sent',
  };
}

function sameMessage(a: ChatMessage, b: ChatMessage): boolean {
  if (a.id && b.id && a.id === b.id) return true;
  return (
    a.author === 'customer' &&
    b.author === 'customer' &&
    a.clientMessageId !== null &&
    a.clientMessageId === b.clientMessageId
  );
}

/** The server's copy wins, but keeps the local previews of the visitor's own files. */
function combine(local: ChatMessage, server: ChatMessage): ChatMessage {
  return {
    ...server,
    attachments: server.attachments.map((attachment, index) => {
      const preview = local.attachments[index]?.preview;
      return preview ? { ...attachment, preview } : attachment;
    }),
  };
}

/**
 * A message from the gateway into the list: one already shown (same id, or the visitor's own
 * by client message id) is updated in place, never shown twice; a new one is appended.
 */
export function mergeMessage(list: readonly ChatMessage[], incoming: ChatMessage): ChatMessage[] {
  const at = list.findIndex((shown) => sameMessage(shown, incoming));
  if (at === -1) return [...list, incoming];
  const next = [...list];
  next[at] = combine(list[at]!, incoming);
  return next;
}

/**
 * The `history` of a (re)connect: the gateway's list, oldest first, then what the widget holds
 * that the history does not: the visitor's unsent messages and replies newer than its end.
 */
export function mergeHistory(
  list: readonly ChatMessage[],
  history: readonly ChatMessage[],
): ChatMessage[] {
  const merged = history.map((line) => {
    const local = list.find((shown) => sameMessage(shown, line));
    return local ? combine(local, line) : line;
  });
  const last = history.length > 0 ? history[history.length - 1]!.sentAt : '';
  const kept = list.filter(
    (shown) =>
      !history.some((line) => sameMessage(shown, line)) &&
      (shown.delivery !== 'sent' || shown.sentAt > last),
  );
  return [...merged, ...kept];
}

/** The visitor's own message, shown at once and updated as it is sent. */
export function localMessage(
  clientMessageId: string,
  text: string,
  attachments: Attachment[],
  now: Date,
  action?: 'request_human',
): ChatMessage {
  return {
    id: null,
    clientMessageId,
    author: 'customer',
    text,
    ...(action ? { action } : {}),
    attachments,
    sentAt: now.toISOString(),
    delivery: 'queued',
  };
}

/** Updates the visitor's message with this client id (no change if it is not in the list). */
export function updateLocal(
  list: readonly ChatMessage[],
  clientMessageId: string,
  change: Partial<Pick<ChatMessage, 'id' | 'delivery' | 'problem'>>,
): ChatMessage[] {
  return list.map((shown) =>
    shown.author === 'customer' && shown.clientMessageId === clientMessageId
      ? { ...shown, ...change }
      : shown,
  );
}

/** A stable key for the message's element: the visitor's client id, else the gateway's id. */
export function keyOf(message: ChatMessage): string {
  return message.author === 'customer' && message.clientMessageId
    ? `c:${message.clientMessageId}`
    : `i:${message.id ?? ''}`;
}
