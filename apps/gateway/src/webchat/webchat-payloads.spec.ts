import { emailSignature } from './webchat-session-token';
import {
  createSessionSchema,
  MESSAGE_TEXT_LIMIT,
  socketMessageSchema,
  socketRequestHumanSchema,
  socketTypingSchema,
} from './webchat-payloads';
import { originAllowed } from './webchat-sessions.service';

/** An upload reference with a well-formed id. */
function UP(n: number): { uploadId: string } {
  return { uploadId: `6a0c8f4e-1b2d-4c3e-8f9a-0b1c2d3e4f${String(n).padStart(2, '0')}` };
}

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
    ['an upload with text', { clientMessageId: 'c-1', text: 'hi', attachments: [UP(1)] }, true],
    ['an upload alone', { clientMessageId: 'c-1', text: '', attachments: [UP(1)] }, true],
    [
      'uploads up to the limit',
      { clientMessageId: 'c-1', text: '', attachments: [UP(1), UP(2), UP(3)] },
      true,
    ],
    [
      'more uploads than the limit',
      { clientMessageId: 'c-1', text: '', attachments: [UP(1), UP(2), UP(3), UP(4)] },
      false,
    ],
    [
      'the same upload twice',
      { clientMessageId: 'c-1', text: '', attachments: [UP(1), UP(1)] },
      false,
    ],
    [
      'an attachment by URL (only uploads are attached)',
      { clientMessageId: 'c-1', text: 'hi', attachments: [{ url: 'https://x.example/a.png' }] },
      false,
    ],
    [
      'an uploadId that is not one (a path, say)',
      { clientMessageId: 'c-1', text: 'hi', attachments: [{ uploadId: '../other/visitor' }] },
      false,
    ],
    ['text that is not a string', { clientMessageId: 'c-1', text: 42 }, false],
    ['no payload', undefined, false],
  ])('message: %s → valid %s', (_case, payload, valid) => {
    expect(socketMessageSchema(3).safeParse(payload).success).toBe(valid);
  });

  it('a message without attachments gets an empty list', () => {
    expect(
      socketMessageSchema(3).parse({ clientMessageId: 'c-1', text: 'hi' }).attachments,
    ).toEqual([]);
  });

  it('with ATTACHMENT_MAX_PER_MESSAGE=0 nothing may be attached', () => {
    expect(
      socketMessageSchema(0).safeParse({ clientMessageId: 'c-1', text: 'hi', attachments: [UP(1)] })
        .success,
    ).toBe(false);
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

  it('lets a route that needs the session token through without an Origin (same-origin GET), never another origin', () => {
    expect(originAllowed(listed, undefined, { sameOriginAllowed: true })).toBe(true);
    expect(originAllowed(listed, 'https://evil.example', { sameOriginAllowed: true })).toBe(false);
    expect(originAllowed(listed, 'https://shop.example.com', { sameOriginAllowed: true })).toBe(
      true,
    );
  });
});
