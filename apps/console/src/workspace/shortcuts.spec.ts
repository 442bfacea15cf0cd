import { isSendShortcut, isTypingTarget, matchShortcut, neighbour } from './shortcuts';
import type { KeyPress } from './shortcuts';

const press = (key: string, extra: Partial<KeyPress> = {}): KeyPress => ({
  key,
  altKey: false,
  ctrlKey: false,
  metaKey: false,
  ...extra,
});

describe('matchShortcut', () => {
  it.each([
    [press('a', { altKey: true, code: 'KeyA' }), false, 'acceptOffer'],
    [press('å', { altKey: true, code: 'KeyA' }), false, 'acceptOffer'],
    [press('r', { altKey: true, code: 'KeyR' }), true, 'focusReply'],
    [press('e', { altKey: true, code: 'KeyE' }), true, 'resolve'],
    [press('t', { altKey: true, code: 'KeyT' }), false, 'transfer'],
    [press('ArrowDown', { altKey: true }), false, 'nextConversation'],
    [press('ArrowUp', { altKey: true }), true, 'previousConversation'],
    [press('j'), false, 'nextConversation'],
    [press('k'), false, 'previousConversation'],
    [press('?', { shiftKey: true }), false, 'help'],
  ] as const)('%j (typing: %s) → %s', (keyPress, typing, action) => {
    expect(matchShortcut(keyPress, typing)).toBe(action);
  });

  it.each([
    ['j while typing a reply', press('j'), true],
    ['? while typing a reply', press('?'), true],
    ['Ctrl+J (the browser’s)', press('j', { ctrlKey: true }), false],
    ['a plain letter', press('x'), false],
    ['Alt with another letter', press('q', { altKey: true, code: 'KeyQ' }), false],
  ])('%s → nothing', (_name, keyPress, typing) => {
    expect(matchShortcut(keyPress, typing)).toBeNull();
  });
});

describe('isSendShortcut', () => {
  it.each([
    [press('Enter', { ctrlKey: true }), true],
    [press('Enter', { metaKey: true }), true],
    [press('Enter'), false],
    [press('Enter', { ctrlKey: true, altKey: true }), false],
  ])('%j → %s', (keyPress, expected) => {
    expect(isSendShortcut(keyPress)).toBe(expected);
  });
});

describe('isTypingTarget', () => {
  it.each([
    [{ tagName: 'TEXTAREA' }, true],
    [{ tagName: 'INPUT', type: 'text' }, true],
    [{ tagName: 'INPUT', type: 'search' }, true],
    [{ tagName: 'INPUT', type: 'checkbox' }, false],
    [{ tagName: 'SELECT' }, true],
    [{ tagName: 'DIV', isContentEditable: true }, true],
    [{ tagName: 'BUTTON' }, false],
    [null, false],
  ])('%j → %s', (element, expected) => {
    expect(isTypingTarget(element)).toBe(expected);
  });
});

describe('neighbour', () => {
  it.each([
    [['a', 'b', 'c'], 'a', 1, 'b'],
    [['a', 'b', 'c'], 'c', 1, 'a'],
    [['a', 'b', 'c'], 'a', -1, 'c'],
    [['a', 'b', 'c'], null, 1, 'a'],
    [['a', 'b', 'c'], null, -1, 'c'],
    [['a', 'b', 'c'], 'gone', 1, 'a'],
    [[], 'a', 1, null],
  ] as const)('%j from %s step %s → %s', (ids, current, step, expected) => {
    expect(neighbour(ids, current, step)).toBe(expected);
  });
});
