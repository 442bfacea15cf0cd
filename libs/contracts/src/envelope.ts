import { z } from 'zod';

/**
 * The one envelope every event travels in. `aggregateId` is the conversation id on the
 * conversation topic, the article id on the article topic, and so on: it is also the
 * Kafka message key, so one aggregate's events keep their order.
 */
export const envelopeSchema = z.object({
  id: z.uuid(),
  type: z.string().min(1).max(100),
  version: z.number().int().positive(),
  tenantId: z.string().min(1).max(64),
  aggregateId: z.string().min(1).max(128),
  occurredAt: z.iso.datetime({ offset: true }),
  correlationId: z.string().min(1).max(128),
  causationId: z.string().min(1).max(128).nullable(),
  /**
   * The customer whose personal data the payload may carry: their key seals the payload's
   * personal fields on the log (see personal-data.ts). Absent on events about no customer.
   */
  customerId: z.string().min(1).max(128).nullable().optional(),
  payload: z.unknown(),
});

export type RawEnvelope = z.infer<typeof envelopeSchema>;
