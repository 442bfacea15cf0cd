import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertSafeKey, attachmentKey, customerPrefix } from './attachment-store';
import { LocalDiskAttachmentStore } from './local-disk.store';

const TENANT = 't0a1b2c3d4';
const CUSTOMER = '6a0c8f4e-1b2d-4c3e-8f9a-0b1c2d3e4f5a';
const ATTACHMENT = '9d8c7b6a-5f4e-5d3c-8b2a-1f0e9d8c7b6a';

describe('attachment keys', () => {
  it('are <tenant>/<customer>/<attachment>, under the customer prefix erasure deletes', () => {
    const key = attachmentKey(TENANT, CUSTOMER, ATTACHMENT);
    expect(key).toBe(`${TENANT}/${CUSTOMER}/${ATTACHMENT}`);
    expect(key.startsWith(customerPrefix(TENANT, CUSTOMER))).toBe(true);
  });

  it.each([
    ['..', CUSTOMER, ATTACHMENT],
    [TENANT, '../other-tenant', ATTACHMENT],
    [TENANT, CUSTOMER, 'a/b'],
    [TENANT, CUSTOMER, '.hidden'],
    ['', CUSTOMER, ATTACHMENT],
    [TENANT, CUSTOMER, 'x\u0000y'],
    [TENANT, 'C:\\Windows', ATTACHMENT],
  ])('refuses an unsafe segment (%j, %j, %j)', (tenant, customer, attachment) => {
    expect(() => attachmentKey(tenant, customer, attachment)).toThrow(/unsafe/);
  });

  it.each([
    ['../../etc/passwd', false],
    ['a/b/c/d/e/f', false],
    ['/absolute/key', false],
    [`${TENANT}/${CUSTOMER}`, true],
    ['', true],
  ])('a key %j (as a prefix: %s) built elsewhere is refused', (key, prefix) => {
    expect(() => assertSafeKey(key, { prefix })).toThrow();
  });
});

describe('the local disk store', () => {
  let root = '';
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'attachments-unit-'));
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  it('never reads or deletes outside its directory, whatever the key', async () => {
    const store = new LocalDiskAttachmentStore(join(root, 'store'));
    await expect(store.get('../../outside')).rejects.toThrow();
    await expect(store.put('../escape', Buffer.from('x'), 'text/plain')).rejects.toThrow();
    await expect(store.deletePrefix('../')).rejects.toThrow();
    expect(await readdir(root)).toEqual([]);
  });
});
