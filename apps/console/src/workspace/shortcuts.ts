// The workspace's keyboard shortcuts: which key press means which action, and never while
// the agent is typing in a field (except sending, which belongs to the composer).

export type ShortcutAction =
  | 'acceptOffer'
  | 'focusReply'
  | 'resolve'
  | 'transfer'
  | 'nextConversation'
  | 'previousConversation'
  | 'help';

export interface KeyPress {
  key: string;
  code?: string;
  altKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey?: boolean;
}

/** The list the help dialog shows: the keys (as written on a keyboard) and the action. */
export const SHORTCUTS: { keys: string[]; action: ShortcutAction | 'send' }[] = [
  { keys: ['Alt', 'A'], action: 'acceptOffer' },
  { keys: ['Alt', 'R'], action: 'focusReply' },
  { keys: ['Ctrl/⌘', 'Enter'], action: 'send' },
  { keys: ['Alt', 'E'], action: 'resolve' },
  { keys: ['Alt', 'T'], action: 'transfer' },
  { keys: ['J'], action: 'nextConversation' },
  { keys: ['K'], action: 'previousConversation' },
  { keys: ['Alt', '↓'], action: 'nextConversation' },
  { keys: ['Alt', '↑'], action: 'previousConversation' },
  { keys: ['?'], action: 'help' },
];

const ALT_LETTERS: Record<string, ShortcutAction> = {
  KeyA: 'acceptOffer',
  KeyR: 'focusReply',
  KeyE: 'resolve',
  KeyT: 'transfer',
};

/**
 * The action a key press asks for, or null. `typing`: the focus is in a text field, where
 * only the Alt combinations count (they type no letters on most layouts).
 */
export function matchShortcut(press: KeyPress, typing: boolean): ShortcutAction | null {
  if (press.ctrlKey || press.metaKey) return null;
  if (press.altKey) {
    // Alt changes `key` on a Mac (Alt+A is "å"); the physical key (`code`) does not.
    const letter = press.code ? ALT_LETTERS[press.code] : undefined;
    if (letter) return letter;
    const byKey = ALT_LETTERS[`Key${press.key.toUpperCase()}`];
    if (byKey && press.key.length === 1) return byKey;
    if (press.key === 'ArrowDown') return 'nextConversation';
    if (press.key === 'ArrowUp') return 'previousConversation';
    return null;
  }
  if (typing) return null;
  if (press.key === 'j' || press.key === 'J') return 'nextConversation';
  if (press.key === 'k' || press.key === 'K') return 'previousConversation';
  if (press.key === '?') return 'help';
  return null;
}

/** Ctrl+Enter or ⌘+Enter in the composer: send. */
export function isSendShortcut(press: KeyPress): boolean {
  return press.key === 'Enter' && (press.ctrlKey || press.metaKey) && !press.altKey;
}

/** Whether an element takes typed text (where single-letter shortcuts must not fire). */
export function isTypingTarget(
  element: { tagName?: string; isContentEditable?: boolean; type?: string } | null,
): boolean {
  if (!element?.tagName) return false;
  const tag = element.tagName.toUpperCase();
  if (element.isContentEditable) return true;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag !== 'INPUT') return false;
  const type = (element.type ?? 'text').toLowerCase();
  return !['button', 'checkbox', 'radio', 'submit', 'reset', 'range', 'color', 'file'].includes(
    type,
  );
}

/** The neighbour of `current` in `ids` (wrapping); the first when none is open. */
export function neighbour(
  ids: readonly string[],
  current: string | null,
  step: 1 | -1,
): string | null {
  if (ids.length === 0) return null;
  const index = current ? ids.indexOf(current) : -1;
  if (index < 0) return step === 1 ? ids[0]! : ids[ids.length - 1]!;
  return ids[(index + step + ids.length) % ids.length]!;
}
