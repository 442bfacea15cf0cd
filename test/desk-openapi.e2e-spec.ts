import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '@tandem/testing';
import { deskRefusal } from '../scripts/harness/desk-socket';
import { PlatformUnderTest } from '../scripts/harness/platform';

type Document = {
  paths: Record<
    string,
    Record<
      string,
      { responses: Record<string, { content?: Record<string, { examples?: object }> }> }
    >
  >;
  'x-socket-events': { handshake: { refusals: { status: number; code: string }[] } };
};

/** The running desk (built into dist/) serves the committed document, and answers as it says. */
describe('the desk’s OpenAPI document', () => {
  const platform = new PlatformUnderTest({}, ['agent-desk'], { tap: false });
  beforeAll(() => platform.start(), 120_000);
  afterAll(() => platform.stop());
  const committed = JSON.parse(
    readFileSync(join(REPO_ROOT, 'docs', 'openapi', 'agent-desk.json'), 'utf8'),
  ) as Document;
  /** The problem codes the document lists for a route and status. */
  const documented = (path: string, method: string, status: number): string[] =>
    Object.keys(
      committed.paths[path]![method]!.responses[String(status)]?.content?.[
        'application/problem+json'
      ]?.examples ?? {},
    );

  it('serves docs/openapi/agent-desk.json at GET /openapi.json, without credentials', async () => {
    const response = await fetch(`${platform.url('agent-desk')}/openapi.json`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual(committed);
  });

  it('refuses as documented: wrong credentials, no token, a token of no agent', async () => {
    const login = await fetch(`${platform.url('agent-desk')}/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ tenant: platform.tenantId, email: 'nobody@x.test', password: 'x' }),
    });
    const loginProblem = (await login.json()) as { code: string };
    expect(login.status).toBe(401);
    expect(documented('/v1/auth/login', 'post', 401)).toContain(loginProblem.code);

    const anonymous = await fetch(`${platform.url('agent-desk')}/v1/agents`);
    expect(anonymous.status).toBe(401);
    expect(documented('/v1/agents', 'get', 401)).toContain(
      ((await anonymous.json()) as { code: string }).code,
    );

    const notAnAgent = await fetch(`${platform.url('agent-desk')}/v1/agents/me`, {
      headers: { authorization: `Bearer ${platform.tokenAs('supervisor')}` },
    });
    expect(notAnAgent.status).toBe(403);
    expect(documented('/v1/agents/me', 'get', 403)).toContain(
      ((await notAnAgent.json()) as { code: string }).code,
    );
  });

  it('refuses socket handshakes with the documented codes', async () => {
    const refusals = committed['x-socket-events'].handshake.refusals;
    for (const auth of [{}, { token: 'not-a-token' }, { token: platform.tokenAs('agent') }]) {
      const refused = await deskRefusal(platform.url('agent-desk'), auth);
      expect(refusals).toContainEqual(
        expect.objectContaining({ status: refused.status, code: refused.code }),
      );
    }
  });
});
