import { Controller, Get, Post, Put } from '@nestjs/common';
import { Public, Roles } from './auth';
import { z } from 'zod';
import { mergeProblems, problemResponses, routeOperations, servedRoutes } from './openapi';

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

describe('routeOperations', () => {
  const paths = routeOperations([
    {
      method: 'post',
      path: '/v1/conversations/{id}/transfer',
      role: 'agent',
      tag: 'conversations',
      operationId: 'transfer',
      summary: 'Transfer',
      params: { id: 'The conversation' },
      query: z.object({ dryRun: z.boolean().optional().describe('Only check') }),
      body: { schema: 'Transfer', example: { toQueue: 'billing' } },
      response: { status: 200, description: 'Moved', schema: 'Conversation' },
      problems: { 403: ['Not yours', 'DESK.NOT_YOURS'], 409: ['Not assigned', 'DESK.NOT_ACTIVE'] },
    },
    {
      method: 'get',
      path: '/status',
      role: 'public',
      tag: 'operations',
      operationId: 'status',
      summary: 'Status',
      response: { status: 204, description: 'Up' },
    },
  ]);
  type Operation = {
    security: unknown[];
    parameters: { name: string; in: string; required: boolean; description?: string }[];
    requestBody: { content: Record<string, { example: unknown }> };
    responses: Record<string, { content?: Record<string, { examples?: object }> }>;
  };
  const transfer = paths['/v1/conversations/{id}/transfer']!.post as Operation;

  it('declares path and query parameters, the body, the role and the success response', () => {
    expect(transfer.security).toEqual([{ bearer: ['agent'] }, { apiKey: ['agent'] }]);
    expect(transfer.parameters).toEqual([
      expect.objectContaining({
        name: 'id',
        in: 'path',
        required: true,
        description: 'The conversation',
      }),
      expect.objectContaining({
        name: 'dryRun',
        in: 'query',
        required: false,
        description: 'Only check',
      }),
    ]);
    expect(transfer.requestBody.content['application/json']!.example).toEqual({
      toQueue: 'billing',
    });
    expect(Object.keys(transfer.responses).sort()).toEqual(['200', '401', '403', '409']);
  });

  it('keeps the route’s own 403 code beside the auth one', () => {
    const codes = Object.keys(
      transfer.responses['403']!.content!['application/problem+json']!.examples!,
    );
    expect(codes).toEqual(['DESK.NOT_YOURS', 'AUTH.FORBIDDEN']);
  });

  it('a public route has no security and no auth problems', () => {
    const status = paths['/status']!.get as Operation;
    expect(status.security).toEqual([]);
    expect(Object.keys(status.responses)).toEqual(['204']);
  });

  it('merges problem cases of one status', () => {
    expect(
      mergeProblems({ 404: ['Gone', 'A'] }, { 404: ['Missing', 'B'], 400: ['Bad', 'C'] }),
    ).toEqual({
      404: ['Gone; or missing', 'A', 'B'],
      400: ['Bad', 'C'],
    });
  });
});
