import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { XMLParser } from 'fast-xml-parser';

/**
 * A stand-in for an S3-compatible API (path-style, as MinIO serves it) on 127.0.0.1, speaking
 * the S3 REST format: PutObject, GetObject, DeleteObject, DeleteObjects (`POST ?delete`) and
 * ListObjectsV2 (`GET ?list-type=2`, paged by continuation token), with S3's XML errors. Every
 * request must carry an AWS Signature V4 `Authorization` header for its access key (the
 * signature's shape and credential scope are checked, not the HMAC itself).
 */

export interface FakeS3Object {
  body: Buffer;
  contentType: string;
}

export interface FakeS3Request {
  method: string;
  path: string;
  status: number;
}

const SIGV4 =
  /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/s3\/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/;

function xmlEscape(value: string): string {
  return value.replace(/[<>&'"]/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

export class FakeS3 {
  /** Objects by bucket, then key. */
  readonly buckets = new Map<string, Map<string, FakeS3Object>>();
  readonly requests: FakeS3Request[] = [];
  private server: Server | null = null;

  constructor(
    readonly bucket = 'tandem-attachments',
    readonly accessKeyId = `AKIA${randomBytes(8).toString('hex').toUpperCase()}`,
    readonly secretAccessKey = randomBytes(20).toString('base64'),
    readonly region = 'us-east-1',
    /** Keys per ListObjectsV2 page (S3's is 1,000); small in tests to exercise paging. */
    private readonly pageSize = 1_000,
  ) {
    this.buckets.set(bucket, new Map());
  }

  get endpoint(): string {
    if (!this.server) throw new Error('FakeS3 is not started');
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  objects(bucket = this.bucket): Map<string, FakeS3Object> {
    return this.buckets.get(bucket) ?? new Map();
  }

  async start(): Promise<void> {
    const server = createServer((request, response) => {
      this.handle(request, response).catch((error: unknown) => {
        this.error(request, response, 500, 'InternalError', String(error));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.server = server;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = await readBody(request);
    const url = new URL(request.url ?? '/', 'http://fake-s3');
    const [bucketName = '', ...keyParts] = url.pathname.slice(1).split('/');
    const key = keyParts.map(decodeURIComponent).join('/');

    const auth = SIGV4.exec(request.headers.authorization ?? '');
    if (!auth || !request.headers['x-amz-date'] || !request.headers['x-amz-content-sha256'])
      return this.error(
        request,
        response,
        403,
        'AccessDenied',
        'Missing or malformed SigV4 Authorization.',
      );
    if (auth[1] !== this.accessKeyId)
      return this.error(
        request,
        response,
        403,
        'InvalidAccessKeyId',
        'The access key does not exist.',
      );
    if (auth[3] !== this.region)
      return this.error(
        request,
        response,
        400,
        'AuthorizationHeaderMalformed',
        `Region must be ${this.region}.`,
      );

    const bucket = this.buckets.get(decodeURIComponent(bucketName));
    if (!bucket)
      return this.error(request, response, 404, 'NoSuchBucket', 'The bucket does not exist.');

    if (request.method === 'PUT' && key) {
      const declared = request.headers['x-amz-content-sha256'];
      if (
        /^[0-9a-f]{64}$/.test(String(declared)) &&
        createHash('sha256').update(body).digest('hex') !== declared
      )
        return this.error(
          request,
          response,
          400,
          'XAmzContentSHA256Mismatch',
          'Body hash mismatch.',
        );
      bucket.set(key, {
        body,
        contentType: request.headers['content-type'] ?? 'binary/octet-stream',
      });
      return this.send(request, response, 200, '', {
        etag: `"${createHash('md5').update(body).digest('hex')}"`,
      });
    }
    if (request.method === 'GET' && key) {
      const object = bucket.get(key);
      if (!object)
        return this.error(request, response, 404, 'NoSuchKey', 'The specified key does not exist.');
      this.requests.push({ method: 'GET', path: url.pathname, status: 200 });
      response.writeHead(200, {
        'content-type': object.contentType,
        'content-length': String(object.body.length),
        etag: `"${createHash('md5').update(object.body).digest('hex')}"`,
      });
      response.end(object.body);
      return;
    }
    if (request.method === 'DELETE' && key) {
      bucket.delete(key);
      return this.send(request, response, 204, '');
    }
    if (request.method === 'POST' && !key && url.searchParams.has('delete')) {
      const parsed = new XMLParser({ isArray: (name) => name === 'Object' }).parse(
        body.toString('utf8'),
      ) as {
        Delete?: { Object?: { Key: string | number }[]; Quiet?: boolean | string };
      };
      const keys = (parsed.Delete?.Object ?? []).map((object) => String(object.Key));
      for (const each of keys) bucket.delete(each);
      const quiet = String(parsed.Delete?.Quiet) === 'true';
      const deleted = quiet
        ? ''
        : keys.map((each) => `<Deleted><Key>${xmlEscape(each)}</Key></Deleted>`).join('');
      return this.xml(
        request,
        response,
        `<DeleteResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">${deleted}</DeleteResult>`,
      );
    }
    if (request.method === 'GET' && !key && url.searchParams.get('list-type') === '2') {
      const prefix = url.searchParams.get('prefix') ?? '';
      const after = url.searchParams.get('continuation-token');
      const start = after ? Buffer.from(after, 'base64url').toString('utf8') : '';
      const matching = [...bucket.keys()]
        .filter((each) => each.startsWith(prefix) && each > start)
        .sort();
      const page = matching.slice(0, this.pageSize);
      const truncated = matching.length > page.length;
      const contents = page
        .map(
          (each) =>
            `<Contents><Key>${xmlEscape(each)}</Key><Size>${bucket.get(each)!.body.length}</Size><StorageClass>STANDARD</StorageClass></Contents>`,
        )
        .join('');
      const next = truncated
        ? `<NextContinuationToken>${Buffer.from(page.at(-1)!).toString('base64url')}</NextContinuationToken>`
        : '';
      return this.xml(
        request,
        response,
        `<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>${xmlEscape(this.bucket)}</Name><Prefix>${xmlEscape(prefix)}</Prefix><KeyCount>${page.length}</KeyCount><MaxKeys>${this.pageSize}</MaxKeys><IsTruncated>${truncated}</IsTruncated>${contents}${next}</ListBucketResult>`,
      );
    }
    return this.error(
      request,
      response,
      501,
      'NotImplemented',
      `${request.method} ${url.pathname}${url.search} is not implemented by the fake.`,
    );
  }

  private send(
    request: IncomingMessage,
    response: ServerResponse,
    status: number,
    body: string,
    headers: Record<string, string> = {},
  ): void {
    this.requests.push({ method: request.method ?? '', path: request.url ?? '', status });
    response.writeHead(status, headers);
    response.end(body);
  }

  private xml(request: IncomingMessage, response: ServerResponse, body: string): void {
    this.send(request, response, 200, `<?xml version="1.0" encoding="UTF-8"?>\n${body}`, {
      'content-type': 'application/xml',
    });
  }

  private error(
    request: IncomingMessage,
    response: ServerResponse,
    status: number,
    code: string,
    message: string,
  ): void {
    this.send(
      request,
      response,
      status,
      `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${xmlEscape(message)}</Message><RequestId>fake</RequestId></Error>`,
      { 'content-type': 'application/xml' },
    );
  }
}
