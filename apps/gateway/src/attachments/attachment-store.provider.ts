import type { Provider } from '@nestjs/common';
import type { GatewayConfig } from '../config';
import { ATTACHMENT_STORE, type AttachmentStore } from './attachment-store';
import { LocalDiskAttachmentStore } from './local-disk.store';
import { S3AttachmentStore } from './s3.store';

/** ATTACHMENT_STORE=local (default) or s3; the config schema insists on the S3 settings. */
export function attachmentStoreFor(config: GatewayConfig): AttachmentStore {
  if (config.ATTACHMENT_STORE === 'local')
    return new LocalDiskAttachmentStore(config.ATTACHMENT_DIR);
  return new S3AttachmentStore({
    ...(config.ATTACHMENT_S3_ENDPOINT ? { endpoint: config.ATTACHMENT_S3_ENDPOINT } : {}),
    region: config.ATTACHMENT_S3_REGION,
    bucket: config.ATTACHMENT_S3_BUCKET!,
    forcePathStyle: config.ATTACHMENT_S3_FORCE_PATH_STYLE,
    accessKeyId: config.ATTACHMENT_S3_ACCESS_KEY_ID!,
    secretAccessKey: config.ATTACHMENT_S3_SECRET_ACCESS_KEY!,
  });
}

export function attachmentStoreProvider(config: GatewayConfig): Provider {
  return { provide: ATTACHMENT_STORE, useFactory: () => attachmentStoreFor(config) };
}
