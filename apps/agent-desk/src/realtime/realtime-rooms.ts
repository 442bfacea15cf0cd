import { Injectable } from '@nestjs/common';
import type { Namespace } from 'socket.io';
import type { ServerEvent } from './socket-events';

/** All sockets of one agent (every tab, on any desk instance). */
export function agentRoom(agentId: string): string {
  return `agent:${agentId}`;
}

/** Everyone of a tenant. */
export function tenantRoom(tenantId: string): string {
  return `tenant:${tenantId}`;
}

/** The tenant's supervisors and admins. */
export function supervisorsRoom(tenantId: string): string {
  return `tenant:${tenantId}:supervisors`;
}

/** Whoever watches one conversation (the assigned agent, supervisors monitoring it). */
export function conversationRoom(conversationId: string): string {
  return `conversation:${conversationId}`;
}

/**
 * Emits to rooms of the /desk namespace. Through the Redis adapter an emit reaches sockets on
 * every desk instance, so the instance whose relay consumed an event need not hold the socket.
 * Kept apart from the socket server so the relay can emit without depending on it.
 */
@Injectable()
export class RealtimeRooms {
  private namespace: Namespace | null = null;

  attach(namespace: Namespace): void {
    this.namespace = namespace;
  }

  detach(): void {
    this.namespace = null;
  }

  /**
   * One emit to the union of the rooms (a socket in two of them gets it once). False when the
   * socket server is not running: nothing was emitted.
   */
  emit(rooms: readonly string[], event: ServerEvent): boolean {
    if (!this.namespace || rooms.length === 0) return false;
    this.namespace.to(rooms as string[]).emit(event.type, event);
    return true;
  }

  /** Makes every socket in `from` (on any instance) leave `room`. */
  leave(from: string, room: string): void {
    this.namespace?.in(from).socketsLeave(room);
  }
}
