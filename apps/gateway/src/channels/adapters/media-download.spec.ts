import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { downloadMedia } from './media-download';

/** A provider's media server whose answer each test chooses. */
describe('downloading provider media', () => {
  let server: Server;
  let base = '';
  let answer: (response: ServerResponse) => void = () => undefined;
  let bytesSent = 0;

  beforeAll(async () => {
    server = createServer((_request, response) => answer(response));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  beforeEach(() => {
    bytesSent = 0;
  });

  const limits = { maxBytes: 1_000, timeoutMs: 500 };
  const get = () => downloadMedia(`${base}/media`, {}, limits, 'test');

  /** Streams `total` bytes in chunks without a Content-Length, as a chunked CDN answer would. */
  function stream(response: ServerResponse, total: number): void {
    response.writeHead(200, { 'content-type': 'image/png' });
    const write = () => {
      if (bytesSent >= total || response.destroyed) return response.end();
      bytesSent += 400;
      response.write(Buffer.alloc(400, 1), () => setImmediate(write));
    };
    write();
  }

  it('gives back the bytes and the content type', async () => {
    answer = (response) => response.writeHead(200, { 'content-type': 'image/png' }).end('png!');
    expect(await get()).toEqual({ ok: true, bytes: Buffer.from('png!'), contentType: 'image/png' });
  });

  it('a declared length over the limit is refused without reading the body', async () => {
    answer = (response) => {
      response.writeHead(200, { 'content-length': '5000' });
      response.write(Buffer.alloc(100));
    };
    expect(await get()).toMatchObject({ ok: false, retryable: false, rejection: 'TOO_LARGE' });
  });

  it('an undeclared length is counted while streaming and cut off past the limit', async () => {
    answer = (response) => stream(response, 1_000_000);
    expect(await get()).toMatchObject({ ok: false, retryable: false, rejection: 'TOO_LARGE' });
    // The download stopped early instead of reading the whole megabyte.
    expect(bytesSent).toBeLessThan(1_000_000);
  });

  it('exactly the limit is fine', async () => {
    answer = (response) => response.writeHead(200).end(Buffer.alloc(1_000));
    const result = await get();
    expect(result.ok && result.bytes.length).toBe(1_000);
  });

  it.each([
    [404, { retryable: false, rejection: 'UNAVAILABLE' }],
    [403, { retryable: false, rejection: 'UNAVAILABLE' }],
    [500, { retryable: true }],
    [503, { retryable: true }],
    [429, { retryable: true }],
  ])('HTTP %i → %j', async (status, expected) => {
    answer = (response) => response.writeHead(status).end('error');
    expect(await get()).toMatchObject({ ok: false, ...expected });
  });

  it('no complete answer within the timeout is worth a retry', async () => {
    answer = (response) => response.writeHead(200).write('partial');
    expect(await get()).toMatchObject({ ok: false, retryable: true, reason: /500 ms/ });
  });

  it('a server that is not there is worth a retry', async () => {
    const result = await downloadMedia('http://127.0.0.1:9/media', {}, limits, 'test');
    expect(result).toMatchObject({ ok: false, retryable: true });
  });
});
