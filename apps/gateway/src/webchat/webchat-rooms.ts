import { Injectable } from '@nestjs/common';
import type { Namespace } from 'socket.io';

export const WEBCHAT_NAMESPACE = '/webchat';

/** One room per visitor on a channel: all their tabs, on any gateway instance. */
export function visitorRoom(channelId: string, visitorId: string): string {
  return `visitor:${channelId}:${visitorId}`;
}

export interface ReplyPayload {
  id: string;
  role: 'bot' | 'agent';
  /** The agent's name, on a person's reply. */
  name?: string;
  text: string;
  sentAt: string;
}

/** The `survey` event: a question the widget may show as a rating control. */
export interface SurveyPayload {
  id: string;
  kind: 'csat' | 'nps';
  question: string;
  /** The scale: 1–5 for CSAT, 0–10 for NPS. */
  min: number;
  max: number;
}

/**
 * Emits to a visitor's room. Through the Redis adapter the emit reaches sockets connected to
 * any gateway instance, so the instance that delivers a reply need not hold the socket.
 * Kept apart from the socket server so the channel adapter can use it without a dependency
 * cycle (the server depends on inbound, inbound on the adapters).
 */
@Injectable()
export class WebchatRooms {
  private namespace: Namespace | null = null;

  attach(namespace: Namespace): void {
    this.namespace = namespace;
  }

  detach(): void {
    this.namespace = null;
  }

  /** False when the socket server is not running (shutting down): nothing was emitted. */
  reply(channelId: string, visitorId: string, reply: ReplyPayload): boolean {
    if (!this.namespace) return false;
    this.namespace.to(visitorRoom(channelId, visitorId)).emit('message', reply);
    return true;
  }

  survey(channelId: string, visitorId: string, survey: SurveyPayload): boolean {
    if (!this.namespace) return false;
    this.namespace.to(visitorRoom(channelId, visitorId)).emit('survey', survey);
    return true;
  }

  agentTyping(channelId: string, visitorId: string, isTyping: boolean): boolean {
    if (!this.namespace) return false;
    this.namespace
      .to(visitorRoom(channelId, visitorId))
      .emit('typing', { role: 'agent', isTyping });
    return true;
  }
}
