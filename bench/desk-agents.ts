import { Pool } from 'undici';
import type {
  MessageEvent,
  OfferEvent,
  QueueEvent,
  ServerEvent,
} from '../apps/agent-desk/src/realtime/socket-events';
import { DeskSocket } from '../scripts/harness/desk-socket';
import { inBatches } from './socket-floor';

/** One simulated agent: their token, the desk instance their socket and requests go to. */
export interface BenchSeat {
  agentId: string;
  token: string;
  instance: number;
}

/** What the agents do with an accepted conversation: resolve it after `holdMs`, or keep it. */
export type AfterAccept = { resolveAfterMs: number } | 'keep';

/**
 * A thousand agents' consoles in one process: a desk socket each (half on each instance), and
 * an HTTP pool per instance. Every `offer` is accepted at once (POST /v1/offers/{id}/accept to
 * the agent's own instance); what follows depends on `afterAccept`. Records when each offer
 * reached its socket and when each accept was answered.
 */
export class BenchAgents {
  private sockets: DeskSocket[] = [];
  private readonly accepts: Pool[];
  private readonly resolves: Pool[];
  afterAccept: AfterAccept = 'keep';
  /** Conversation → every offer of it that reached a socket. */
  readonly offers = new Map<string, { agentId: string; offerId: string; at: number }[]>();
  /** Conversation → the successful accept (answered at). */
  readonly accepted = new Map<string, { agentId: string; at: number }>();
  readonly resolved = new Set<string>();
  /** Refused accepts and resolves by status and problem code. */
  readonly refusals = new Map<string, number>();
  /** Tenant-wide `queue` pushes: arrival minus the push's own `at`, per socket (ms). */
  readonly queuePushes: number[] = [];
  onOffer: (conversationId: string, at: number) => void = () => undefined;
  onMessage: (event: MessageEvent, at: number) => void = () => undefined;

  constructor(
    private readonly seats: readonly BenchSeat[],
    private readonly urls: readonly string[],
    connections: number,
  ) {
    this.accepts = urls.map((url) => new Pool(url, { connections }));
    this.resolves = urls.map((url) => new Pool(url, { connections }));
  }

  /** Connects every socket (50 handshakes in flight); answers each one's time to `ready` (ms). */
  async connect(): Promise<number[]> {
    this.sockets = new Array<DeskSocket>(this.seats.length);
    return inBatches(this.seats.length, 50, async (index) => {
      const seat = this.seats[index]!;
      const started = performance.now();
      const desk = new DeskSocket(this.urls[seat.instance]!, seat.token);
      await desk.ready(60_000);
      const took = performance.now() - started;
      // The helper keeps every event; here only what the bench measures is kept.
      desk.socket.removeAllListeners();
      desk.received.length = 0;
      this.listen(desk, seat);
      this.sockets[index] = desk;
      return took;
    });
  }

  connected(): number {
    return this.sockets.filter((desk) => desk?.socket.connected).length;
  }

  private listen(desk: DeskSocket, seat: BenchSeat): void {
    desk.socket.on('offer', (event: OfferEvent) => {
      const at = Date.now();
      const list = this.offers.get(event.conversationId) ?? [];
      list.push({ agentId: seat.agentId, offerId: event.offerId, at });
      this.offers.set(event.conversationId, list);
      this.onOffer(event.conversationId, at);
      void this.accept(seat, event);
    });
    desk.socket.on('message', (event: MessageEvent) => this.onMessage(event, Date.now()));
    desk.socket.on('queue', (event: QueueEvent) =>
      this.queuePushes.push(Date.now() - Date.parse(event.at)),
    );
    desk.socket.on('error', (event: ServerEvent) =>
      this.refused(`socket ${JSON.stringify(event)}`),
    );
    desk.socket.on('disconnect', (reason: string) => this.refused(`disconnect ${reason}`));
  }

  private async accept(seat: BenchSeat, offer: OfferEvent): Promise<void> {
    const answer = await this.call(
      this.accepts[seat.instance]!,
      seat,
      `/v1/offers/${offer.offerId}/accept`,
    );
    if (answer !== 200) return;
    this.accepted.set(offer.conversationId, { agentId: seat.agentId, at: Date.now() });
    const after = this.afterAccept;
    if (after === 'keep') return;
    setTimeout(() => {
      void this.call(
        this.resolves[seat.instance]!,
        seat,
        `/v1/conversations/${offer.conversationId}/resolve`,
        { wrapUpCode: 'bench', note: 'Resolved by the desk benchmark.' },
      ).then((status) => {
        if (status === 200) this.resolved.add(offer.conversationId);
      });
    }, after.resolveAfterMs);
  }

  private async call(pool: Pool, seat: BenchSeat, path: string, body?: unknown): Promise<number> {
    try {
      const response = await pool.request({
        method: 'POST',
        path,
        headers: {
          authorization: `Bearer ${seat.token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        headersTimeout: 120_000,
      });
      const text = await response.body.text();
      if (response.statusCode !== 200) {
        const code = (JSON.parse(text || '{}') as { code?: string }).code ?? '';
        this.refused(`${path.split('/')[2]} ${response.statusCode} ${code}`);
      }
      return response.statusCode;
    } catch (error) {
      this.refused(`${path.split('/')[2]} ${(error as Error).message}`);
      return 0;
    }
  }

  private refused(key: string): void {
    this.refusals.set(key, (this.refusals.get(key) ?? 0) + 1);
  }

  async close(): Promise<void> {
    for (const desk of this.sockets) desk?.close();
    await Promise.all([...this.accepts, ...this.resolves].map((pool) => pool.close()));
  }
}
