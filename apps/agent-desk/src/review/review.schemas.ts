import { z } from 'zod';
import { REVIEW_REASONS } from './review-reasons';

/** Request and response schemas of the review queue (`/v1/reviews`). */

export const reviewReasonSchema = z
  .enum(REVIEW_REASONS)
  .describe(
    'LOW_CONFIDENCE: below the tenant’s review.lowConfidenceBelow; SAMPLED: drawn at the tenant’s review.sampleRate; RATED_POORLY: the customer rated it not helpful; POOR_CSAT: the conversation got a CSAT of 2 or less',
  );

export const reviewListQuerySchema = z
  .object({
    status: z.enum(['pending', 'reviewed']).default('pending'),
    reason: reviewReasonSchema.optional().describe('Only items with this reason'),
    limit: z.coerce.number().int().min(1).max(100).default(20),
    cursor: z
      .string()
      .max(500)
      .optional()
      .describe('The nextCursor of the previous page; absent for the first page'),
  })
  .strict();
export type ReviewListQuery = z.infer<typeof reviewListQuerySchema>;

export const reviewItemSchema = z.object({
  id: z.string().describe('The bot’s reply id'),
  conversationId: z.string(),
  customerId: z.string(),
  question: z
    .string()
    .describe('The customer’s latest message before the answer ("" when the desk never saw it)'),
  answer: z.string().describe('What the bot said'),
  language: z.enum(['zh', 'en', 'other']),
  confidence: z.number().min(0).max(1),
  sources: z.array(z.object({ articleId: z.string(), title: z.string(), score: z.number() })),
  reasons: z.array(reviewReasonSchema).min(1),
  rating: z
    .enum(['helpful', 'not_helpful'])
    .nullable()
    .describe('The customer’s latest rating of the answer'),
  answeredAt: z.iso.datetime(),
  flaggedAt: z.iso.datetime().describe('When it first got a reason'),
  status: z.enum(['pending', 'reviewed']),
  verdict: z.enum(['right', 'wrong']).nullable(),
  correction: z.string().nullable(),
  reviewerId: z.string().nullable(),
  reviewedAt: z.iso.datetime().nullable(),
});
export type ReviewItemView = z.infer<typeof reviewItemSchema>;

export const reviewListSchema = z.object({
  items: z.array(reviewItemSchema).describe('Newest answer first'),
  counts: z
    .record(reviewReasonSchema, z.number().int().nonnegative())
    .describe(
      'Items of this status per reason, whatever the reason filter (an item may have several)',
    ),
  total: z.number().int().nonnegative().describe('Items of this status (with any reason)'),
  nextCursor: z.string().nullable(),
});
export type ReviewList = z.infer<typeof reviewListSchema>;

export const reviewVerdictSchema = z
  .object({
    verdict: z.enum(['right', 'wrong']),
    correction: z
      .string()
      .trim()
      .min(1)
      .max(20_000)
      .optional()
      .describe(
        'The answer the bot should have given; only with wrong. It becomes a knowledge draft',
      ),
  })
  .strict()
  .refine((body) => body.verdict === 'wrong' || body.correction === undefined, {
    message: 'a correction goes with a wrong verdict only',
    path: ['correction'],
  });
export type ReviewVerdictBody = z.infer<typeof reviewVerdictSchema>;

/** `POST /v1/reviews/{id}/verdict` answers with the reviewed item. */
export const reviewVerdictResponseSchema = reviewItemSchema;
