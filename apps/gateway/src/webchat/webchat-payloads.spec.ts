import { emailSignature } from './webchat-session-token';
import {
  createSessionSchema,
  MESSAGE_TEXT_LIMIT,
  socketMessageSchema,
  socketRequestHumanSchema,
  socketTypingSchema,
} from './webchat-payloads';
import { originAllowed } from './webchat-sessions.service';

describe('web chat payloads', () => {
  it.each([
    ['an empty body (a first visit)', {}, true],
    ['a returning visitor', { sessionToken: 'v1.abc.def' }, true],
    ['a name', { name: 'Li Lei' }, true],
    [
      'a signed e-mail',
      { email: 'li@example.com', emailSignature: emailSignature('s', 'li@example.com') },
      true,
    ],
    ['an e-mail without its signature', { email: 'li@example.com' }, false],
    ['a signature without an e-mail', { emailSignature: 'a'.repeat(64) }, false],
    [
      'a signature that is not hex',
      { email: 'li@example.com', emailSignature: 'z'.repeat(64) },
      false,
    ],
    ['not an e-mail', { email: 'li-at-example.com', emailSignature: 'a'.repeat(64) }, false],
    ['a blank name', { name: '  ' }, false],
  ])('session request: %s → valid %s', (_case, body, valid) => {
    expect(createSessionSchema.safeParse(body).success).toBe(valid);
  });

  it.each([
    ['text', { clientMessageId: 'c-1', text: '我想查询订单的物流状态' }, true],
    ['an empty attachment list', { clientMessageId: 'c-1', text: 'hi', attachments: [] }, true],
    ['text at the limit', { clientMessageId: 'c-1', text: 'x'.repeat(MESSAGE_TEXT_LIMIT) }, true],
    [
      'text over the limit',
      { clientMessageId: 'c-1', text: 'x'.repeat(MESSAGE_TEXT_LIMIT + 1) },
      false,
    ],
    ['blank text', { clientMessageId: 'c-1', text: '  \n' }, false],
    ['no clientMessageId', { text: 'hi' }, false],
    ['a blank clientMessageId', { clientMessageId: ' ', text: 'hi' }, false],
    ['a clientMessageId too long', { clientMessageId: 'c'.repeat(129), text: 'hi' }, false],
    [
      'an attachment (not before the attachment store)',
      { clientMessageId: 'c-1', text: 'hi', attachments: [{ url: 'x' }] },
      false,
    ],
    ['text that is not a string', { clientMessageId: 'c-1', text: 42 }, false],
    ['no payload', undefined, false],
  ])('message: %s → valid %s', (_case, payload, valid) => {
    expect(socketMessageSchema.safeParse(payload).success).toBe(valid);
  });

  it('a message without attachments gets an empty list', () => {
    expect(socketMessageSchema.parse({ clientMessageId: 'c-1', text: 'hi' }).attachments).toEqual(
      [],
    );
  });

  it.each([
    [{ isTyping: true }, true],
    [{ isTyping: 'yes' }, false],
    [{}, false],
  ])('typing %j → valid %s', (payload, valid) => {
    expect(socketTypingSchema.safeParse(payload).success).toBe(valid);
  });

  it.each([
    [{ clientMessageId: 'c-2' }, true],
    [{}, false],
  ])('request_human %j → valid %s', (payload, valid) => {
    expect(socketRequestHumanSchema.safeParse(payload).success).toBe(valid);
  });
});

describe('allowed origins', () => {
  const listed = {
    settings: { allowedOrigins: 'https://shop.example.com, https://m.example.com/' },
  };

  it.each([
    ['no list: any origin', { settings: {} }, 'https://evil.example', true],
    ['no list: no origin header', { settings: {} }, undefined, true],
    ['a listed origin', listed, 'https://shop.example.com', true],
    [
      'a listed origin, written with a trailing slash in the list',
      listed,
      'https://m.example.com',
      true,
    ],
    ['case does not matter', listed, 'HTTPS://Shop.Example.com', true],
    ['another origin', listed, 'https://evil.example', false],
    ['another scheme', listed, 'http://shop.example.com', false],
    ['no origin header when a list is set', listed, undefined, false],
  ])('%s', (_case, channel, origin, allowed) => {
    expect(originAllowed(channel, origin)).toBe(allowed);
  });
});
