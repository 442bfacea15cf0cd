import express from 'express';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { corsMiddleware } from './bootstrap';

describe('CORS for the console', () => {
  let server: Server;
  let url = '';

  beforeAll(async () => {
    const app = express();
    app.use(corsMiddleware(['http://console.example:3003/']));
    app.get('/v1/things', (_request, response) => {
      response.json({ ok: true });
    });
    server = await new Promise<Server>((resolve) => {
      const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
    });
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('lets a listed origin read the answer', async () => {
    const response = await fetch(`${url}/v1/things`, {
      headers: { origin: 'http://console.example:3003' },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe('http://console.example:3003');
    expect(response.headers.get('vary')).toBe('Origin');
    expect(response.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('answers a listed origin’s preflight itself, naming the methods and headers', async () => {
    const response = await fetch(`${url}/v1/things`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://console.example:3003',
        'access-control-request-method': 'PATCH',
        'access-control-request-headers': 'authorization, if-match, content-type',
      },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-methods')).toContain('PATCH');
    expect(response.headers.get('access-control-allow-headers')).toMatch(/If-Match/);
    expect(response.headers.get('access-control-allow-headers')).toMatch(/Authorization/);
  });

  it('says nothing to another origin (the browser then refuses the page)', async () => {
    const response = await fetch(`${url}/v1/things`, {
      headers: { origin: 'https://evil.example' },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await fetch(`${url}/v1/things`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'DELETE' },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
  });
});
