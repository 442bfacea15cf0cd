import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { assertSafeKey, type AttachmentStore, type StoredObject } from './attachment-store';

const TYPE_SUFFIX = '.type';

/**
 * Attachments as files under one directory: `<root>/<tenant>/<customer>/<id>`, with the
 * content type beside it in `<id>.type`. Each file is written to a temporary name and renamed
 * into place (atomic on one file system), so a reader sees the old object or the new one,
 * never a torn one. For one instance or a shared volume; several hosts want S3.
 */
export class LocalDiskAttachmentStore implements AttachmentStore {
  private readonly root: string;

  constructor(directory: string) {
    this.root = resolve(directory);
  }

  async put(key: string, bytes: Buffer, contentType: string): Promise<void> {
    const path = this.pathOf(key);
    await mkdir(dirname(path), { recursive: true });
    // The type first: a data file never exists without its type.
    await this.writeAtomically(path + TYPE_SUFFIX, Buffer.from(contentType, 'utf8'));
    await this.writeAtomically(path, bytes);
  }

  async get(key: string): Promise<StoredObject | null> {
    const path = this.pathOf(key);
    try {
      const [info, contentType] = await Promise.all([
        stat(path),
        readFile(path + TYPE_SUFFIX, 'utf8'),
      ]);
      if (!info.isFile()) return null;
      return { body: createReadStream(path), contentType, sizeBytes: info.size };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    const path = this.pathOf(key);
    // The data first: a type file without its data is never read.
    await rm(path, { force: true });
    await rm(path + TYPE_SUFFIX, { force: true });
  }

  async deletePrefix(prefix: string): Promise<void> {
    const parts = assertSafeKey(prefix, { prefix: true });
    await rm(this.inside(join(this.root, ...parts)), { recursive: true, force: true });
  }

  private pathOf(key: string): string {
    return this.inside(join(this.root, ...assertSafeKey(key)));
  }

  /** Defence in depth behind the key check: nothing resolves outside the root. */
  private inside(path: string): string {
    const resolved = resolve(path);
    if (!resolved.startsWith(this.root + sep))
      throw new Error(`attachment path escapes the store: ${path}`);
    return resolved;
  }

  private async writeAtomically(path: string, bytes: Buffer): Promise<void> {
    const temporary = `${path}.${randomUUID()}.tmp`;
    try {
      await writeFile(temporary, bytes, { flush: true });
      await rename(temporary, path);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
  }
}
