import { Controller, Get } from '@nestjs/common';
import { Public } from '@tandem/platform';
import { deskOpenApi } from './openapi';

@Controller()
@Public()
export class OpenApiController {
  private readonly document = deskOpenApi();

  @Get('openapi.json')
  openapi(): Record<string, unknown> {
    return this.document;
  }
}
