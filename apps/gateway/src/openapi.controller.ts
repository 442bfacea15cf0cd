import { Controller, Get } from '@nestjs/common';
import { Public } from '@tandem/platform';
import { gatewayOpenApi } from './openapi';

@Controller()
@Public()
export class OpenApiController {
  private readonly document = gatewayOpenApi();

  @Get('openapi.json')
  openapi(): Record<string, unknown> {
    return this.document;
  }
}
