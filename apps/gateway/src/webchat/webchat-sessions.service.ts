import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { APP_CONFIG, ProblemException, REDIS } from '@tandem/platform';
import type { Channel } from '../channels/channel.entity';
import { ChannelsService } from '../channels/channels.service';
import type { GatewayConfig } from '../config';
import { checkRateLimits } from '../inbound/rate-limiter';
import type { CreateSessionBody, SessionAnswer } from './webchat-payloads';
import {
  readSessionToken,
  SessionTokenError,
  signSessionToken,
  verifyEmailSignature,
  verifySessionToken,
  type SessionClaims,
} from './webchat-session-token';

/** Origins as a browser sends them: scheme, host and port, no path, no trailing slash. */
export function allowedOrigins(channel: Pick<Channel, 'settings'>): string[] | null {
  const setting = channel.settings.allowedOrigins?.trim();
  if (!setting) return null;
  return setting
    .split(',')
    .map((origin) => origin.trim().replace(/\/+$/, '').toLowerCase())
    .filter(Boolean);
}

export function originAllowed(
  channel: Pick<Channel, 'settings'>,
  origin: string | undefined,
  options: { sameOriginAllowed?: boolean } = {},
): boolean {
  const allowed = allowedOrigins(channel);
  if (!allowed) return true;
  if (origin === undefined) return options.sameOriginAllowed === true;
  return allowed.includes(origin.replace(/\/+$/, '').toLowerCase());
}

function tokenProblem(error: SessionTokenError): ProblemException {
  return error.problem === 'EXPIRED'
    ? new ProblemException(
        401,
        'WEBCHAT.SESSION_EXPIRED',
        'The session token has expired; ask for a new session.',
      )
    : new ProblemException(
        401,
        'WEBCHAT.INVALID_SESSION',
        'The session token was refused; ask for a new session without it.',
      );
}

/** Web chat sessions: who a visitor is, on which channel, for how long. */
@Injectable()
export class WebchatSessions {
  constructor(
    private readonly channels: ChannelsService,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: GatewayConfig,
  ) {}

  /**
   * The channel for a public web chat request: known, enabled, web chat, and this origin
   * allowed. `sameOriginAllowed`: a request without an Origin passes (a browser sends none on
   * a same-origin GET, e.g. the gateway's own demo page; such a route must need the session
   * token, which a foreign page cannot send without CORS, and so without an Origin).
   */
  async channelFor(
    channelId: string,
    origin: string | undefined,
    options: { sameOriginAllowed?: boolean } = {},
  ): Promise<Channel> {
    const channel = await this.channels.getForWebhook(channelId);
    if (channel.type !== 'webchat')
      throw new ProblemException(
        404,
        'GATEWAY.UNKNOWN_CHANNEL',
        `Channel ${channelId} is not a web chat channel.`,
      );
    if (!originAllowed(channel, origin, options))
      throw new ProblemException(
        403,
        'WEBCHAT.ORIGIN_NOT_ALLOWED',
        'This page’s origin is not among the channel’s allowed origins.',
      );
    return channel;
  }

  /** For a channel from channelFor (known, enabled, web chat, origin allowed). */
  async create(
    channel: Channel,
    body: CreateSessionBody,
    client: { ip: string },
    now: Date = new Date(),
  ): Promise<SessionAnswer> {
    const prefix = `${this.config.KAFKA_TOPIC_PREFIX}:gateway:rate`;
    const decision = await checkRateLimits(
      this.redis,
      [
        {
          key: `${prefix}:webchat-session:${channel.id}:${client.ip}`,
          perSecond: this.config.WEBCHAT_SESSIONS_PER_SECOND_PER_IP,
        },
      ],
      now.getTime(),
    );
    if (!decision.allowed)
      throw new ProblemException(
        429,
        'GATEWAY.RATE_LIMITED',
        'Too many new sessions from this address; retry shortly.',
        { headers: { 'Retry-After': String(decision.retryAfterSeconds) } },
      );

    let visitorId: string = randomUUID();
    if (body.sessionToken) {
      try {
        const previous = verifySessionToken(
          body.sessionToken,
          channel.secret,
          now,
          this.config.WEBCHAT_SESSION_RENEWAL_SECONDS,
        );
        if (previous.channelId !== channel.id || previous.tenantId !== channel.tenantId)
          throw new SessionTokenError('BAD_SIGNATURE');
        visitorId = previous.visitorId;
      } catch (error) {
        if (error instanceof SessionTokenError) throw tokenProblem(error);
        throw error;
      }
    }
    if (
      body.email !== undefined &&
      body.emailSignature !== undefined &&
      !verifyEmailSignature(channel.secret, body.email, body.emailSignature)
    )
      throw new ProblemException(
        401,
        'WEBCHAT.BAD_EMAIL_SIGNATURE',
        'emailSignature is not HMAC-SHA256(channel secret, email) in hex.',
      );

    const issuedAt = Math.floor(now.getTime() / 1000);
    const expiresAt = issuedAt + this.config.WEBCHAT_SESSION_TTL_SECONDS;
    const claims: SessionClaims = {
      tenantId: channel.tenantId,
      channelId: channel.id,
      visitorId,
      ...(body.email ? { email: body.email.trim().toLowerCase() } : {}),
      ...(body.name ? { name: body.name } : {}),
      issuedAt,
      expiresAt,
    };
    return {
      sessionToken: signSessionToken(claims, channel.secret),
      visitorId,
      expiresAt: new Date(expiresAt * 1000).toISOString(),
    };
  }

  /** A socket's token, checked against its channel's secret: the claims and the channel. */
  async authenticate(
    token: unknown,
    origin: string | undefined,
    now: Date = new Date(),
  ): Promise<{ claims: SessionClaims; channel: Channel }> {
    if (typeof token !== 'string' || token.length === 0)
      throw new ProblemException(
        401,
        'WEBCHAT.INVALID_SESSION',
        'Connect with auth: { token } from POST /v1/webchat/{channelId}/sessions.',
      );
    try {
      const written = readSessionToken(token);
      const channel = await this.channelFor(written.channelId, origin);
      const claims = verifySessionToken(token, channel.secret, now);
      if (claims.tenantId !== channel.tenantId) throw new SessionTokenError('BAD_SIGNATURE');
      return { claims, channel };
    } catch (error) {
      if (error instanceof SessionTokenError) throw tokenProblem(error);
      throw error;
    }
  }

  /**
   * An HTTP request of the widget (`Authorization: Bearer <sessionToken>`), for a channel from
   * channelFor: the token must be this channel's.
   */
  async authenticateRequest(
    channel: Channel,
    authorization: string | undefined,
    now: Date = new Date(),
  ): Promise<SessionClaims> {
    const token = /^Bearer\s+(\S+)$/i.exec(authorization?.trim() ?? '')?.[1];
    if (!token)
      throw new ProblemException(
        401,
        'WEBCHAT.INVALID_SESSION',
        'Send Authorization: Bearer <sessionToken> from POST /v1/webchat/{channelId}/sessions.',
      );
    try {
      const claims = verifySessionToken(token, channel.secret, now);
      if (claims.channelId !== channel.id || claims.tenantId !== channel.tenantId)
        throw new SessionTokenError('BAD_SIGNATURE');
      return claims;
    } catch (error) {
      if (error instanceof SessionTokenError) throw tokenProblem(error);
      throw error;
    }
  }

  /** For each message on an open socket: the channel may have been disabled, the token may have run out. */
  async stillValid(claims: SessionClaims, now: Date = new Date()): Promise<Channel> {
    if (claims.expiresAt <= Math.floor(now.getTime() / 1000))
      throw tokenProblem(new SessionTokenError('EXPIRED'));
    return this.channels.getForWebhook(claims.channelId);
  }

  /** One visitor cannot use up their channel's inbound limit. */
  async limitVisitor(claims: SessionClaims, now: Date = new Date()): Promise<void> {
    const decision = await checkRateLimits(
      this.redis,
      [
        {
          key: `${this.config.KAFKA_TOPIC_PREFIX}:gateway:rate:webchat-visitor:${claims.channelId}:${claims.visitorId}`,
          perSecond: this.config.WEBCHAT_MESSAGES_PER_SECOND_PER_VISITOR,
        },
      ],
      now.getTime(),
    );
    if (!decision.allowed)
      throw new ProblemException(
        429,
        'GATEWAY.RATE_LIMITED',
        'Too many messages from this visitor; retry shortly.',
        { headers: { 'Retry-After': String(decision.retryAfterSeconds) } },
      );
  }
}
