import { Controller, Get, Post, Put } from '@nestjs/common';
import { Public, Roles } from './auth';
import { problemResponses, servedRoutes } from './openapi';

@Controller('v1/articles')
@Roles('agent')
class ArticlesController {
  @Get()
  list(): void {}

  @Get(':id/versions')
  versions(): void {}

  @Post(':id/publish')
  @Roles('supervisor')
  publish(): void {}

  @Put(['a', 'b'])
  both(): void {}

  helper(): void {}
}

@Controller()
@Public()
class OpenController {
  @Get('health/live')
  live(): void {}
}

describe('servedRoutes', () => {
  const routes = servedRoutes([ArticlesController, OpenController]);

  it.each([
    ['get', '/v1/articles', ['agent'], false],
    ['get', '/v1/articles/{id}/versions', ['agent'], false],
    ['post', '/v1/articles/{id}/publish', ['supervisor'], false],
    ['put', '/v1/articles/a', ['agent'], false],
    ['put', '/v1/articles/b', ['agent'], false],
    ['get', '/health/live', [], true],
  ])('%s %s needs %j (public: %s)', (method, path, roles, open) => {
    expect(routes).toContainEqual({ method, path, roles, public: open });
  });

  it('lists handlers only, each path once', () => {
    expect(routes).toHaveLength(6);
  });
});

describe('problemResponses', () => {
  it('answers problem+json with one example per code and the real status', () => {
    const responses = problemResponses({ 401: ['Refused', 'AUTH.A', 'AUTH.B'] });
    expect(responses).toEqual({
      '401': {
        description: 'Refused (AUTH.A, AUTH.B)',
        content: {
          'application/problem+json': {
            schema: { $ref: '#/components/schemas/Problem' },
            examples: {
              'AUTH.A': {
                value: {
                  type: 'urn:tandem:problem:AUTH.A',
                  title: 'Refused',
                  status: 401,
                  detail: '…',
                  code: 'AUTH.A',
                },
              },
              'AUTH.B': {
                value: {
                  type: 'urn:tandem:problem:AUTH.B',
                  title: 'Refused',
                  status: 401,
                  detail: '…',
                  code: 'AUTH.B',
                },
              },
            },
          },
        },
      },
    });
  });
});
