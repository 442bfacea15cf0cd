import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { TokenService } from '@tandem/auth';
import { KeyUnavailableError, UnknownCustomerKeyError } from '@tandem/messaging';
import { remoteKeyring } from './remote-keyring';

/** The keyring's reading of the gateway's answers, against a local HTTP server. */
describe('remoteKeyring', () => {
  const key = randomBytes(32);
  const answers: Record<string, [number, unknown]> = {
    known: [200, { key: key.toString('base64') }],
    erased: [410, { status: 410, code: 'GATEWAY.CUSTOMER_ERASED' }],
    stranger: [404, { status: 404, code: 'GATEWAY.CUSTOMER_NOT_FOUND' }],
    'wrong-route': [404, { status: 404, code: 'REQUEST.NOT_FOUND' }],
    'proxy-404': [404, '<html>Not Found</html>'],
    overloaded: [503, { status: 503, code: 'SERVICE.UNAVAILABLE' }],
    'bad-token': [401, { status: 401, code: 'AUTH.UNAUTHENTICATED' }],
  };
  let server: Server;
  let keyring: ReturnType<typeof remoteKeyring>;

  beforeAll(async () => {
    server = createServer((request, response) => {
      const [status, body] = answers[request.url?.split('/').pop() ?? ''] ?? [500, {}];
      response.writeHead(status).end(typeof body === 'string' ? body : JSON.stringify(body));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    keyring = remoteKeyring({
      tokens: new TokenService({ secret: 'x'.repeat(32), issuer: 'tandem' }),
      config: { GATEWAY_URL: `http://127.0.0.1:${port}`, CUSTOMER_KEY_CACHE_MS: 0 },
      service: 'spec',
    });
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('returns the key, or null once the customer was erased', async () => {
    expect(await keyring.keyFor('t1', 'known')).toEqual(key);
    expect(await keyring.keyFor('t1', 'erased')).toBeNull();
  });

  it.each([
    ['404 GATEWAY.CUSTOMER_NOT_FOUND', 'stranger', UnknownCustomerKeyError],
    ['503', 'overloaded', KeyUnavailableError],
  ])('%s → %p', async (_answer, customerId, kind) => {
    await expect(keyring.keyFor('t1', customerId)).rejects.toBeInstanceOf(kind);
  });

  it.each([
    ['404 from a route that is not the key endpoint', 'wrong-route'],
    ['404 that is not problem+json (a proxy)', 'proxy-404'],
    ['401', 'bad-token'],
  ])('%s → an error, but not "unknown customer"', async (_answer, customerId) => {
    const error = await keyring.keyFor('t1', customerId).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(UnknownCustomerKeyError);
  });
});
