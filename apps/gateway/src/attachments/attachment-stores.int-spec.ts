import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { text } from 'node:stream/consumers';
import { FakeS3 } from '../../../../scripts/harness/fake-s3';
import { attachmentKey, customerPrefix, type AttachmentStore } from './attachment-store';
import { LocalDiskAttachmentStore } from './local-disk.store';
import { S3AttachmentStore } from './s3.store';

const TENANT = 'tstores01';
const ALICE = '11111111-1111-4111-8111-111111111111';
const BOB = '22222222-2222-4222-8222-222222222222';
const id = (n: number) => `aaaaaaaa-0000-5000-8000-${String(n).padStart(12, '0')}`;

/** The same contract, run against each store. */
function behavesLikeAnAttachmentStore(name: string, open: () => Promise<AttachmentStore>) {
  describe(name, () => {
    let store: AttachmentStore;
    beforeEach(async () => {
      store = await open();
    });

    it('gives back exactly what was put, with its content type and size', async () => {
      const bytes = Buffer.from('你好, attachment \u0000\u00ff bytes');
      await store.put(attachmentKey(TENANT, ALICE, id(1)), bytes, 'image/png');
      const object = await store.get(attachmentKey(TENANT, ALICE, id(1)));
      expect(object).not.toBeNull();
      expect(object!.contentType).toBe('image/png');
      expect(object!.sizeBytes).toBe(bytes.length);
      const chunks: Buffer[] = [];
      for await (const chunk of object!.body) chunks.push(Buffer.from(chunk as Buffer));
      expect(Buffer.concat(chunks)).toEqual(bytes);
    });

    it('a second put of a key replaces the object (a provider retry)', async () => {
      const key = attachmentKey(TENANT, ALICE, id(2));
      await store.put(key, Buffer.from('first'), 'text/plain');
      await store.put(key, Buffer.from('second'), 'text/csv');
      const object = await store.get(key);
      expect(object!.contentType).toBe('text/csv');
      expect(await text(object!.body)).toBe('second');
    });

    it('an unknown key is null', async () => {
      expect(await store.get(attachmentKey(TENANT, ALICE, id(99)))).toBeNull();
    });

    it('deleting one key removes that object only, and a missing key is no error', async () => {
      await store.put(attachmentKey(TENANT, ALICE, id(30)), Buffer.from('x'), 'text/plain');
      await store.put(attachmentKey(TENANT, ALICE, id(31)), Buffer.from('y'), 'text/plain');
      await store.delete(attachmentKey(TENANT, ALICE, id(30)));
      expect(await store.get(attachmentKey(TENANT, ALICE, id(30)))).toBeNull();
      expect(await store.get(attachmentKey(TENANT, ALICE, id(31)))).not.toBeNull();
      await expect(store.delete(attachmentKey(TENANT, ALICE, id(30)))).resolves.toBeUndefined();
    });

    it('deleting a customer prefix removes all of theirs and nobody else’s', async () => {
      for (let n = 10; n < 15; n++)
        await store.put(attachmentKey(TENANT, ALICE, id(n)), Buffer.from(`a${n}`), 'text/plain');
      await store.put(attachmentKey(TENANT, BOB, id(20)), Buffer.from('b'), 'text/plain');
      await store.deletePrefix(customerPrefix(TENANT, ALICE));
      for (let n = 10; n < 15; n++)
        expect(await store.get(attachmentKey(TENANT, ALICE, id(n)))).toBeNull();
      expect(await store.get(attachmentKey(TENANT, BOB, id(20)))).not.toBeNull();
      // Erasing twice (a retried erasure) is fine.
      await expect(store.deletePrefix(customerPrefix(TENANT, ALICE))).resolves.toBeUndefined();
    });
  });
}

describe('attachment stores', () => {
  let root = '';
  const s3 = new FakeS3('tandem-test', undefined, undefined, 'eu-central-1', 2);

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'attachments-int-'));
    await s3.start();
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
    await s3.stop();
  });

  behavesLikeAnAttachmentStore('local disk', async () => new LocalDiskAttachmentStore(root));

  it('local disk leaves no temporary files behind', async () => {
    const store = new LocalDiskAttachmentStore(root);
    await store.put(attachmentKey(TENANT, BOB, id(30)), Buffer.from('x'), 'text/plain');
    const files = await readdir(join(root, TENANT, BOB));
    expect(files.filter((file) => file.endsWith('.tmp'))).toEqual([]);
  });

  const s3Store = (accessKeyId = s3.accessKeyId) =>
    new S3AttachmentStore({
      endpoint: s3.endpoint,
      region: 'eu-central-1',
      bucket: 'tandem-test',
      forcePathStyle: true,
      accessKeyId,
      secretAccessKey: s3.secretAccessKey,
    });

  behavesLikeAnAttachmentStore('S3-compatible API (path-style, SigV4)', async () => s3Store());

  it('S3: objects live under <tenant>/<customer>/<id> in the bucket, paged deletes included', () => {
    // The prefix test above put five objects for Alice with pages of two: all gone, Bob's kept.
    const keys = [...s3.objects('tandem-test').keys()];
    expect(keys).toContain(`${TENANT}/${BOB}/${id(20)}`);
    expect(
      keys.filter((key) =>
        key.startsWith(`${TENANT}/${ALICE}/aaaaaaaa-0000-5000-8000-00000000001`),
      ),
    ).toEqual([]);
    expect(s3.requests.filter((r) => r.path.includes('list-type=2')).length).toBeGreaterThan(2);
  });

  it('S3: a wrong access key is refused by the server, and the store says so', async () => {
    await expect(
      s3Store('AKIAWRONGWRONGWRONG').put(
        attachmentKey(TENANT, ALICE, id(40)),
        Buffer.from('x'),
        'text/plain',
      ),
    ).rejects.toThrow(/access key/i);
  });
});
