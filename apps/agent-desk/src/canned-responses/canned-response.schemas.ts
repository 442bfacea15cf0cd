import { z } from 'zod';
import { unknownPlaceholders } from './render-template';

/** `POST /v1/canned-responses` and `PUT /v1/canned-responses/{id}`. */
export const cannedResponseBodySchema = z.object({
  shortcut: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_-]{0,31}$/, 'lower-case letters, digits, - and _')
    .describe('What the agent types after "/", unique per tenant and language'),
  title: z.string().trim().min(1).max(200),
  text: z
    .string()
    .trim()
    .min(1)
    .max(4000)
    .superRefine((text, context) => {
      for (const name of unknownPlaceholders(text))
        context.addIssue({ code: 'custom', message: `unknown placeholder {{${name}}}` });
    })
    .describe(
      'May say {{customer.name}}, {{customer.tier}}, {{agent.name}}, each with a |fallback',
    ),
  language: z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/, 'a language tag such as en, zh'),
});
export type CannedResponseBody = z.infer<typeof cannedResponseBodySchema>;

export const cannedResponseViewSchema = z.object({
  id: z.uuid(),
  shortcut: z.string(),
  title: z.string(),
  text: z.string(),
  language: z.string(),
  updatedBy: z.string(),
  updatedAt: z.iso.datetime({ offset: true }),
});
export type CannedResponseView = z.infer<typeof cannedResponseViewSchema>;

/** `GET /v1/canned-responses?language=&q=`. */
export const cannedResponseQuerySchema = z.object({
  language: z.string().max(16).optional(),
  q: z.string().trim().max(100).optional().describe('Matches the shortcut or the title'),
});
export const cannedResponseListSchema = z.object({
  cannedResponses: z.array(cannedResponseViewSchema),
});

/** `GET /v1/canned-responses/{id}/render?conversationId=`. */
export const renderQuerySchema = z.object({ conversationId: z.string().min(1).max(128) });
export const renderedResponseSchema = z.object({
  id: z.uuid(),
  conversationId: z.string(),
  text: z.string().describe('Ready to send'),
  missing: z.array(z.string()).describe('Placeholders that had no value (fallback used)'),
});
export type RenderedResponse = z.infer<typeof renderedResponseSchema>;
