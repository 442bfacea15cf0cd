import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';
import type { Logger } from '@tandem/observability';
import {
  kindOfType,
  judgeAttachment,
  type AttachmentLimits,
} from '../attachments/attachment-limits';
import { LocalDiskAttachmentStore } from '../attachments/local-disk.store';
import type { ChannelConfig } from '../channels/adapters/channel-adapter';
import type { GatewayConfig } from '../config';
import {
  decodeFileName,
  parseUploadUrl,
  uploadKey,
  uploadUrl,
  WebchatUploads,
} from './webchat-uploads.service';

const TENANT = 't0a1b2c3d4';
const CHANNEL = '0b9f5c1e-2d3a-4b5c-8d6e-7f8091a2b3c4';
const OTHER_CHANNEL = '1c0a6d2f-3e4b-4c6d-9e7f-8091a2b3c4d5';
const VISITOR = '6a0c8f4e-1b2d-4c3e-8f9a-0b1c2d3e4f5a';
const UPLOAD = '9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a';

const limits: AttachmentLimits = {
  maxBytes: 1_000,
  maxPerMessage: 3,
  timeoutMs: 1_000,
  allowedTypes: {
    image: ['image/jpeg', 'image/png'],
    voice: ['audio/ogg'],
    file: ['application/pdf', 'text/plain'],
  },
};

describe('web chat uploads: kind and limits', () => {
  it.each([
    ['image/png', 'image', true],
    ['image/tiff', 'image', false],
    ['audio/ogg', 'voice', true],
    ['audio/flac', 'voice', false],
    ['application/pdf', 'file', true],
    ['text/plain', 'file', true],
    ['application/x-msdownload', 'file', false],
    ['application/octet-stream', 'file', false],
    ['video/mp4', 'file', false],
  ])('%s is judged as %s (allowed %s)', (type, kind, allowed) => {
    expect(kindOfType(type)).toBe(kind);
    expect(judgeAttachment(kindOfType(type), type, 10, limits) === null).toBe(allowed);
  });
});

describe('web chat upload references', () => {
  it('a staged key lives under the tenant’s webchat-uploads, by channel and visitor', () => {
    expect(uploadKey(TENANT, CHANNEL, VISITOR, UPLOAD)).toBe(
      `${TENANT}/webchat-uploads/${CHANNEL}/${VISITOR}/${UPLOAD}`,
    );
    expect(() => uploadKey(TENANT, CHANNEL, '..', UPLOAD)).toThrow(/unsafe/);
  });

  it.each([
    [uploadUrl(VISITOR, UPLOAD), { visitorId: VISITOR, uploadId: UPLOAD }],
    ['webchat-upload:../x:y', null],
    ['https://provider.example/media/1', null],
    [`webchat-upload:${VISITOR}`, null],
  ])('%s is read as %j', (url, reference) => {
    expect(parseUploadUrl(url)).toEqual(reference);
  });

  it.each([
    [undefined, undefined],
    ['report.pdf', 'report.pdf'],
    [encodeURIComponent('发票 2026.pdf'), '发票 2026.pdf'],
    ['%E0%A4%A', undefined],
    [encodeURIComponent('a\r\nb.txt'), 'ab.txt'],
    ['%20%20', undefined],
  ])('X-File-Name %j → %j', (header, name) => {
    expect(decodeFileName(header)).toBe(name);
  });
});

describe('web chat uploads: reading a staged upload back', () => {
  let root = '';
  let store: LocalDiskAttachmentStore;
  let uploads: WebchatUploads;
  const channel = (id: string): ChannelConfig => ({
    id,
    tenantId: TENANT,
    type: 'webchat',
    secret: 's',
    callbackUrl: 'https://shop.example.com/',
    settings: {},
  });

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'webchat-uploads-'));
    store = new LocalDiskAttachmentStore(root);
    // Only what the constructor reads (the attachment limits).
    const config = {
      ATTACHMENT_MAX_BYTES: limits.maxBytes,
      ATTACHMENT_MAX_PER_MESSAGE: limits.maxPerMessage,
      ATTACHMENT_DOWNLOAD_TIMEOUT_MS: limits.timeoutMs,
      ATTACHMENT_TYPES_IMAGE: limits.allowedTypes.image,
      ATTACHMENT_TYPES_VOICE: limits.allowedTypes.voice,
      ATTACHMENT_TYPES_FILE: limits.allowedTypes.file,
    } as GatewayConfig;
    uploads = new WebchatUploads(store, {} as Redis, config, {} as Logger, {} as DataSource);
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  it('gives back the staged bytes of that channel’s visitor, and nothing from another channel', async () => {
    const bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2]);
    await store.put(uploadKey(TENANT, CHANNEL, VISITOR, UPLOAD), bytes, 'image/png');
    const attachment = { kind: 'image' as const, url: uploadUrl(VISITOR, UPLOAD) };
    const fetchLimits = { maxBytes: 1_000, timeoutMs: 1_000 };
    expect(await uploads.fetch(channel(CHANNEL), attachment, fetchLimits)).toEqual({
      ok: true,
      bytes,
      contentType: 'image/png',
    });
    expect(await uploads.fetch(channel(OTHER_CHANNEL), attachment, fetchLimits)).toMatchObject({
      ok: false,
      retryable: false,
      rejection: 'UNAVAILABLE',
    });
    expect(
      await uploads.fetch(channel(CHANNEL), attachment, { maxBytes: 3, timeoutMs: 1_000 }),
    ).toMatchObject({ ok: false, rejection: 'TOO_LARGE' });
    expect(
      await uploads.fetch(channel(CHANNEL), { kind: 'image', url: 'https://x/1' }, fetchLimits),
    ).toMatchObject({ ok: false, rejection: 'UNSUPPORTED' });
  });
});
