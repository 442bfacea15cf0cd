import { Controller, Get } from '@nestjs/common';
import { Public } from '@tandem/platform';
import { botOpenApi } from './openapi';

@Controller()
@Public()
export class OpenApiController {
  private readonly document = botOpenApi();

  @Get('openapi.json')
  openapi(): Record<string, unknown> {
    return this.document;
  }
}
