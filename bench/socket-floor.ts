import { randomUUID } from 'node:crypto';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAdapter } from '@socket.io/redis-adapter';
import { Redis } from 'ioredis';
import { Server } from 'socket.io';
import { io, type Socket } from 'socket.io-client';

/**
 * The floor under the desk's socket figures: two bare socket.io servers (in this process)
 * sharing one Redis adapter, `clients` sockets split between them, each in its own room and
 * all in one shared room. An emit from server A to a room reaches a socket on server B through
 * Redis, as a desk relay's emit does; nothing else happens (no auth, no database, no Kafka).
 */
export class SocketFloor {
  private readonly http: HttpServer[] = [];
  private readonly servers: Server[] = [];
  private readonly redis: Redis[] = [];
  private readonly clients: Socket[] = [];
  private readonly waiters = new Map<string, (at: number) => void>();
  private broadcastWaiter: ((at: number) => void) | null = null;

  constructor(private readonly redisUrl: string) {}

  /** Starts the two servers and connects `count` clients (half to each); answers the connect times (ms). */
  async start(count: number): Promise<number[]> {
    const key = `bench-floor-${randomUUID().slice(0, 8)}:socket.io`;
    for (let i = 0; i < 2; i++) {
      const pub = new Redis(this.redisUrl, { lazyConnect: false });
      const sub = pub.duplicate();
      this.redis.push(pub, sub);
      const http = createServer();
      await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
      const server = new Server(http, {
        serveClient: false,
        adapter: createAdapter(pub, sub, { key }),
      });
      server.on('connection', (socket) => {
        const id = String((socket.handshake.auth as { id?: unknown }).id);
        void socket.join([`agent:${id}`, 'tenant']);
        socket.emit('ready');
      });
      this.http.push(http);
      this.servers.push(server);
    }
    const connect = (index: number): Promise<number> => {
      const port = (this.http[index % 2]!.address() as AddressInfo).port;
      const started = performance.now();
      const client = io(`http://127.0.0.1:${port}`, {
        auth: { id: String(index) },
        transports: ['websocket'],
        reconnection: false,
        forceNew: true,
      });
      this.clients.push(client);
      client.on('direct', (message: { id: string }) => {
        const waiter = this.waiters.get(message.id);
        if (waiter) {
          this.waiters.delete(message.id);
          waiter(performance.now());
        }
      });
      client.on('broadcast', () => this.broadcastWaiter?.(performance.now()));
      return new Promise((resolve, reject) => {
        client.once('ready', () => resolve(performance.now() - started));
        client.once('connect_error', reject);
      });
    };
    return inBatches(count, 50, connect);
  }

  /** Server A emits to client `index`'s room; resolves when it arrives (false after 10 s). */
  direct(index: number): Promise<boolean> {
    const id = randomUUID();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiters.delete(id);
        resolve(false);
      }, 10_000);
      this.waiters.set(id, () => {
        clearTimeout(timer);
        resolve(true);
      });
      this.servers[0]!.to(`agent:${index % this.clients.length}`).emit('direct', { id });
    });
  }

  /** Server A emits once to every client; answers each client's latency (ms), sorted by arrival. */
  async broadcast(): Promise<number[]> {
    const latencies: number[] = [];
    const started = performance.now();
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 10_000);
      this.broadcastWaiter = (at) => {
        latencies.push(at - started);
        if (latencies.length === this.clients.length) {
          clearTimeout(timer);
          resolve();
        }
      };
      this.servers[0]!.to('tenant').emit('broadcast', {});
    });
    this.broadcastWaiter = null;
    return latencies;
  }

  async stop(): Promise<void> {
    for (const client of this.clients) client.disconnect();
    await Promise.all(this.servers.map((server) => server.close()));
    await Promise.all(this.redis.map((connection) => connection.quit().catch(() => undefined)));
  }
}

/** Runs `work` for 0..count-1 with at most `concurrency` at once; answers the results in index order. */
export async function inBatches<T>(
  count: number,
  concurrency: number,
  work: (index: number) => Promise<T>,
): Promise<T[]> {
  const results: T[] = new Array<T>(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async () => {
      while (next < count) {
        const index = next++;
        results[index] = await work(index);
      }
    }),
  );
  return results;
}
