import { pipeline } from 'node:stream/promises';
import { Controller, Get, Param, Res } from '@nestjs/common';
import type { Response } from 'express';
import type { Principal } from '@tandem/auth';
import { CurrentPrincipal, Roles } from '@tandem/platform';
import type { AttachmentRecord } from './attachment.entity';
import { contentDisposition } from './attachment-limits';
import type { StoredObject } from './attachment-store';
import { AttachmentsService } from './attachments.service';

@Controller('v1/attachments')
export class AttachmentsController {
  constructor(private readonly attachments: AttachmentsService) {}

  /** The bytes, as a download: a customer's file is never rendered inline in the desk's origin. */
  @Get(':id')
  @Roles('agent')
  async download(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Res() response: Response,
  ): Promise<void> {
    await sendAttachment(response, await this.attachments.open(principal.tenantId, id));
  }
}

/** The bytes, as a download: a customer's file is never rendered inline in the caller's origin. */
export async function sendAttachment(
  response: Response,
  { record, object }: { record: AttachmentRecord; object: StoredObject },
): Promise<void> {
  response.status(200);
  response.setHeader('Content-Type', record.mimeType);
  response.setHeader('Content-Length', String(record.sizeBytes));
  response.setHeader('Content-Disposition', contentDisposition(record.name, record.id));
  response.setHeader('X-Content-Type-Options', 'nosniff');
  response.setHeader('Cache-Control', 'private, max-age=300');
  await pipeline(object.body, response);
}
