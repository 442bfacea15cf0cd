import {
  attachmentIdFor,
  contentDisposition,
  effectiveType,
  judgeAttachment,
  mediaType,
  type AttachmentLimits,
} from './attachment-limits';

const limits: AttachmentLimits = {
  maxBytes: 1_000,
  maxPerMessage: 3,
  timeoutMs: 1_000,
  allowedTypes: {
    image: ['image/jpeg', 'image/png'],
    voice: ['audio/amr'],
    file: ['application/pdf', 'image/*'],
  },
};

describe('attachment limits', () => {
  it.each([
    ['a small PNG image', 'image', 'image/png', 500, null],
    ['exactly the maximum size', 'image', 'image/png', 1_000, null],
    ['one byte over the maximum', 'image', 'image/png', 1_001, 'TOO_LARGE'],
    ['an image of a type not listed', 'image', 'image/tiff', 10, 'TYPE_NOT_ALLOWED'],
    ['an executable sent as a file', 'file', 'application/x-msdownload', 10, 'TYPE_NOT_ALLOWED'],
    ['any image sent as a file (family image/*)', 'file', 'image/tiff', 10, null],
    ['AMR voice', 'voice', 'audio/amr', 10, null],
    ['a voice message of a type not listed', 'voice', 'audio/flac', 10, 'TYPE_NOT_ALLOWED'],
    ['too large and of a wrong type: size is reported', 'voice', 'audio/flac', 5_000, 'TOO_LARGE'],
  ] as const)('%s → %s', (_case, kind, type, size, expected) => {
    expect(judgeAttachment(kind, type, size, limits)).toBe(expected);
  });

  it.each([
    ['Image/PNG; charset=binary', 'image/png'],
    ['  audio/amr ', 'audio/amr'],
    ['', 'application/octet-stream'],
    [undefined, 'application/octet-stream'],
    ['not a type', 'application/octet-stream'],
    ['text/html\r\nX-Injected: 1', 'application/octet-stream'],
  ])('the media type of %j is %s', (given, expected) => {
    expect(mediaType(given)).toBe(expected);
  });

  it('judges what the download answered, unless it only says "bytes"', () => {
    expect(effectiveType('image/jpeg', 'image/png')).toBe('image/jpeg');
    expect(effectiveType('application/octet-stream', 'audio/amr')).toBe('audio/amr');
    expect(effectiveType(undefined, undefined)).toBe('application/octet-stream');
  });
});

describe('attachment ids', () => {
  it('are the same for the same message and position (a retry overwrites), different otherwise', () => {
    const messageId = '3f1c2d9e-0000-5000-8000-000000000001';
    expect(attachmentIdFor(messageId, 0)).toBe(attachmentIdFor(messageId, 0));
    expect(attachmentIdFor(messageId, 0)).not.toBe(attachmentIdFor(messageId, 1));
    expect(attachmentIdFor(messageId, 0)).not.toBe(
      attachmentIdFor('3f1c2d9e-0000-5000-8000-000000000002', 0),
    );
    expect(attachmentIdFor(messageId, 0)).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });
});

describe('Content-Disposition', () => {
  it.each([
    ['invoice.pdf', 'attachment; filename="invoice.pdf"; filename*=UTF-8\'\'invoice.pdf'],
    [
      '发票 2025.pdf',
      'attachment; filename="__ 2025.pdf"; filename*=UTF-8\'\'%E5%8F%91%E7%A5%A8%202025.pdf',
    ],
    ['a"b\\c.txt', 'attachment; filename="a_b_c.txt"; filename*=UTF-8\'\'a%22b%5Cc.txt'],
    [
      'x\r\nSet-Cookie: y',
      'attachment; filename="xSet-Cookie: y"; filename*=UTF-8\'\'xSet-Cookie%3A%20y',
    ],
    [null, 'attachment; filename="fallback-id"; filename*=UTF-8\'\'fallback-id'],
  ])('%j → %s', (name, expected) => {
    expect(contentDisposition(name, 'fallback-id')).toBe(expected);
  });
});
