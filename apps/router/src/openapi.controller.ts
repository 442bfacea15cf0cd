import { Controller, Get } from '@nestjs/common';
import { Public } from '@tandem/platform';
import { routerOpenApi } from './openapi';

@Controller()
@Public()
export class OpenApiController {
  private readonly document = routerOpenApi();

  @Get('openapi.json')
  openapi(): Record<string, unknown> {
    return this.document;
  }
}
