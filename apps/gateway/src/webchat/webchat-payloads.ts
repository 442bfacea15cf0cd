import { z } from 'zod';

/** What the widget sends: the session request (HTTP) and the socket events, validated at the edge. */

export const MESSAGE_TEXT_LIMIT = 4_000;

export const createSessionSchema = z
  .object({
    /** A returning visitor's previous token: they keep their visitor id (and history). */
    sessionToken: z.string().min(1).max(4_000).optional(),
    name: z.string().trim().min(1).max(200).optional(),
    /** A logged-in user's e-mail, counted as verified only with the site backend's signature. */
    email: z.email().max(254).optional(),
    /** hex HMAC-SHA256(channel secret, email), computed by the site's backend. */
    emailSignature: z
      .string()
      .regex(/^[0-9a-fA-F]{64}$/, 'must be 64 hex digits')
      .optional(),
  })
  .refine((body) => (body.email === undefined) === (body.emailSignature === undefined), {
    message: 'email and emailSignature go together: an unsigned e-mail cannot be verified',
    path: ['emailSignature'],
  });
export type CreateSessionBody = z.infer<typeof createSessionSchema>;

export interface SessionAnswer {
  sessionToken: string;
  visitorId: string;
  expiresAt: string;
}

/** The answer to an upload: what the widget names in a message (`uploadId`) and shows. */
export const uploadAnswerSchema = z.object({
  uploadId: z.uuid(),
  kind: z.enum(['image', 'voice', 'file']),
  name: z.string().optional(),
  mimeType: z.string(),
  sizeBytes: z.number().int().positive(),
});
export type UploadAnswer = z.infer<typeof uploadAnswerSchema>;

const clientMessageId = z.string().trim().min(1).max(128);

/** The socket's message; `maxAttachments` is ATTACHMENT_MAX_PER_MESSAGE. */
export function socketMessageSchema(maxAttachments: number) {
  return z
    .object({
      /** The widget's own id for the message: a resend after a lost ack reuses it. */
      clientMessageId,
      text: z.string().max(MESSAGE_TEXT_LIMIT),
      /** Files posted first to POST /v1/webchat/{channelId}/uploads. */
      attachments: z
        .array(z.object({ uploadId: z.uuid() }))
        .max(maxAttachments)
        .refine(
          (attachments) =>
            new Set(attachments.map(({ uploadId }) => uploadId.toLowerCase())).size ===
            attachments.length,
          { message: 'an upload can be attached once per message' },
        )
        .default([]),
    })
    .refine((message) => message.text.trim().length > 0 || message.attachments.length > 0, {
      message: 'a message needs text or an attachment (use request_human for the person button)',
      path: ['text'],
    });
}
export type SocketMessage = z.infer<ReturnType<typeof socketMessageSchema>>;

export const socketTypingSchema = z.object({ isTyping: z.boolean() });

export const socketRequestHumanSchema = z.object({ clientMessageId });

/** The widget's thumbs on one of the bot's answers. */
export const socketRateSchema = z.object({
  replyId: z.string().regex(/^[0-9a-f-]{36}$/i, 'a reply id from a message or the history'),
  rating: z.enum(['helpful', 'not_helpful']),
});

/** The visitor's answer to a `survey` event: CSAT 1–5, NPS 0–10 (checked against the survey). */
export const socketSurveyAnswerSchema = z
  .object({
    surveyId: z.uuid(),
    score: z.number().int().min(0).max(10),
    comment: z.string().trim().max(2_000).optional(),
  })
  .strict();

/** Sent by the desk (or a service) while an agent types in a web chat conversation. */
export const agentTypingSchema = z.object({ isTyping: z.boolean() });

/** What an ack callback receives. */
export type SocketAck =
  | { status: 'accepted' | 'duplicate'; messageId: string }
  /** To `survey-answer`: duplicate when the survey was answered already (the first answer stands). */
  | { status: 'accepted' | 'duplicate'; surveyId: string }
  | { error: SocketError };

export interface SocketError {
  code: string;
  title: string;
  status: number;
  retryAfterSeconds?: number;
}

/** Every issue of a failed parse, in words a widget developer can act on. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
    .join('; ');
}
