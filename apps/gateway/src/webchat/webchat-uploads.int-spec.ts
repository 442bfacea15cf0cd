import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';
import type { Logger } from '@tandem/observability';
import { stackEnv, uniqueId } from '@tandem/testing';
import { LocalDiskAttachmentStore } from '../attachments/local-disk.store';
import type { GatewayConfig } from '../config';
import type { SessionClaims } from './webchat-session-token';
import { uploadKey, WebchatUploads } from './webchat-uploads.service';

const quiet = { warn: () => undefined, error: () => undefined } as unknown as Logger;

/** Staging, attaching, sending and sweeping uploads against the real Redis and a local store. */
describe('web chat uploads through Redis', () => {
  const redis = new Redis(stackEnv().REDIS_URL);
  let root = '';
  let store: LocalDiskAttachmentStore;
  let uploads: WebchatUploads;
  const tenantId = uniqueId('t');
  const channelId = randomUUID();
  const visitor = (visitorId = randomUUID()): SessionClaims => ({
    tenantId,
    channelId,
    visitorId,
    issuedAt: 0,
    expiresAt: 0,
  });
  const png = { bytes: Buffer.from('89504e47', 'hex'), tooLarge: false, contentType: 'image/png' };

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'webchat-uploads-int-'));
    store = new LocalDiskAttachmentStore(root);
    const config = {
      KAFKA_TOPIC_PREFIX: uniqueId('up-'),
      ATTACHMENT_MAX_BYTES: 1_000,
      ATTACHMENT_MAX_PER_MESSAGE: 3,
      ATTACHMENT_DOWNLOAD_TIMEOUT_MS: 1_000,
      ATTACHMENT_TYPES_IMAGE: ['image/png'],
      ATTACHMENT_TYPES_VOICE: ['audio/ogg'],
      ATTACHMENT_TYPES_FILE: ['application/pdf'],
      WEBCHAT_UPLOADS_PER_MINUTE_PER_VISITOR: 3,
      WEBCHAT_UPLOAD_TTL_SECONDS: 3_600,
      WEBCHAT_UPLOAD_SWEEP_MS: 0,
    } as GatewayConfig;
    uploads = new WebchatUploads(store, redis, config, quiet, {} as DataSource);
  });
  afterEach(() => rm(root, { recursive: true, force: true }));
  afterAll(() => redis.quit());

  it('an upload becomes the visitor’s attachment once; the staged bytes go when it is sent', async () => {
    const alice = visitor();
    const staged = await uploads.stage(alice, { ...png, name: 'a%20b.png' });
    expect(staged).toMatchObject({ kind: 'image', name: 'a b.png', mimeType: 'image/png' });
    const key = uploadKey(tenantId, channelId, alice.visitorId, staged.uploadId);
    expect(await store.get(key)).not.toBeNull();

    const { attachments } = await uploads.attachmentsFor(alice, [staged.uploadId], 'c-1');
    expect(attachments).toEqual([
      {
        kind: 'image',
        url: `webchat-upload:${alice.visitorId}:${staged.uploadId}`,
        name: 'a b.png',
        mimeType: 'image/png',
        sizeBytes: 4,
      },
    ]);
    await uploads.sent(alice, [staged.uploadId], 'c-1');
    expect(await store.get(key)).toBeNull();
    // The same message again (a resend) still names it; any other message does not.
    await expect(uploads.attachmentsFor(alice, [staged.uploadId], 'c-1')).resolves.toBeDefined();
    await expect(uploads.attachmentsFor(alice, [staged.uploadId], 'c-2')).rejects.toMatchObject({
      code: 'WEBCHAT.UNKNOWN_UPLOAD',
    });
  });

  it('another visitor’s upload is unknown', async () => {
    const staged = await uploads.stage(visitor(), png);
    await expect(uploads.attachmentsFor(visitor(), [staged.uploadId], 'c-1')).rejects.toMatchObject(
      { code: 'WEBCHAT.UNKNOWN_UPLOAD', status: 404 },
    );
  });

  it('limits: size, type and uploads per minute', async () => {
    const bob = visitor();
    const now = new Date(1_800_000_000_000);
    await expect(
      uploads.stage(bob, { ...png, bytes: Buffer.alloc(1_001) }, now),
    ).rejects.toMatchObject({
      code: 'GATEWAY.ATTACHMENT_TOO_LARGE',
      status: 413,
    });
    await expect(
      uploads.stage(bob, { ...png, contentType: 'application/x-sh' }, now),
    ).rejects.toMatchObject({ code: 'GATEWAY.ATTACHMENT_TYPE_NOT_ALLOWED', status: 415 });
    await expect(uploads.stage(bob, png, now)).resolves.toBeDefined();
    // The two refused above counted too (3 a minute): the fourth is over.
    await expect(uploads.stage(bob, png, now)).rejects.toMatchObject({
      code: 'GATEWAY.RATE_LIMITED',
      status: 429,
    });
  });

  it('the sweep deletes uploads never sent, once their time is up', async () => {
    const carol = visitor();
    const now = new Date();
    const staged = await uploads.stage(carol, png, now);
    const key = uploadKey(tenantId, channelId, carol.visitorId, staged.uploadId);
    expect(await uploads.sweep(now)).toBe(0);
    expect(await store.get(key)).not.toBeNull();
    expect(await uploads.sweep(new Date(now.getTime() + 3_600_000))).toBe(1);
    expect(await store.get(key)).toBeNull();
    expect(await uploads.sweep(new Date(now.getTime() + 7_200_000))).toBe(0);
  });
});
