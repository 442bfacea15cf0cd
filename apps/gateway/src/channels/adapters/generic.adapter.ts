import { genericWebhookSchema, SIGNATURE_HEADER, verifySignature } from '@tandem/contracts';
import { postToChannel } from '../../delivery/post-to-channel';
import {
  InboundRejected,
  type ChannelAdapter,
  type ChannelConfig,
  type InboundRequest,
  type InboundResult,
  type OutboundReply,
  type SendResult,
} from './channel-adapter';

/** The generic JSON webhook any adapter can speak: HMAC-SHA256 over the raw body, with a timestamp. */
export class GenericWebhookAdapter implements ChannelAdapter {
  readonly type = 'generic' as const;

  constructor(private readonly maxSkewSeconds: number) {}

  receive(channel: ChannelConfig, request: InboundRequest, now: Date): InboundResult {
    if (!/^application\/(.+\+)?json\b/i.test(request.headers['content-type'] ?? '')) {
      throw new InboundRejected(
        415,
        'GATEWAY.UNSUPPORTED_MEDIA_TYPE',
        'Send the message as application/json.',
      );
    }
    const check = verifySignature(
      channel.secret,
      request.rawBody,
      request.headers[SIGNATURE_HEADER],
      Math.floor(now.getTime() / 1000),
      this.maxSkewSeconds,
    );
    if (!check.ok) {
      if (check.code === 'STALE') {
        throw new InboundRejected(
          401,
          'GATEWAY.STALE_SIGNATURE',
          `The signature timestamp is more than ${this.maxSkewSeconds} s from now; sign again when retrying.`,
        );
      }
      throw new InboundRejected(
        401,
        'GATEWAY.BAD_SIGNATURE',
        `The X-Tandem-Signature header is ${check.code.toLowerCase()}.`,
      );
    }
    let body: unknown;
    try {
      body = JSON.parse(request.rawBody.toString('utf8'));
    } catch (error) {
      throw new InboundRejected(400, 'REQUEST.MALFORMED_JSON', (error as Error).message);
    }
    const parsed = genericWebhookSchema.safeParse(body);
    if (!parsed.success) {
      const issues = parsed.error.issues.map(
        (issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`,
      );
      throw new InboundRejected(
        400,
        'GATEWAY.INVALID_MESSAGE',
        `The message does not match its schema: ${issues.join('; ')}.`,
      );
    }
    const message = parsed.data;
    return {
      kind: 'messages',
      messages: [
        {
          channelMessageId: message.messageId,
          externalId: message.from.id,
          ...(message.from.name ? { customerName: message.from.name } : {}),
          ...(message.from.verifiedPhone || message.from.verifiedEmail
            ? {
                verified: {
                  ...(message.from.verifiedPhone ? { phone: message.from.verifiedPhone } : {}),
                  ...(message.from.verifiedEmail ? { email: message.from.verifiedEmail } : {}),
                },
              }
            : {}),
          text: message.text,
          ...(message.action ? { action: message.action } : {}),
          attachments: [],
        },
      ],
      reply: { status: 202, contentType: 'application/json', body: '{"status":"accepted"}' },
    };
  }

  async send(channel: ChannelConfig, reply: OutboundReply, timeoutMs: number): Promise<SendResult> {
    return postToChannel(
      channel.callbackUrl,
      channel.secret,
      {
        replyId: reply.replyId,
        conversationId: reply.conversationId,
        to: { id: reply.to },
        from: reply.from,
        text: reply.text,
        sentAt: reply.sentAt,
        ...(reply.survey ? { survey: reply.survey } : {}),
      },
      timeoutMs,
    );
  }
}
