import { z } from 'zod';

/**
 * A tenant's topics: what its customers write about (billing, delivery, legal...), each with
 * the words that signal it in any language. The analysis reports the topic a message is
 * about as `intent`; the router's topic rules send such conversations to a queue or to
 * people at once.
 */
export const topicsSchema = z
  .strictObject({
    topics: z
      .array(
        z.strictObject({
          name: z.string().trim().min(1).max(200),
          /** Chinese keywords match as substrings; others as whole (stemmed) words. */
          keywords: z.array(z.string().trim().min(1).max(100)).min(1).max(100),
        }),
      )
      .max(100),
  })
  .superRefine((value, context) => {
    const seen = new Set<string>();
    value.topics.forEach((topic, index) => {
      const key = topic.name.toLowerCase();
      if (seen.has(key))
        context.addIssue({
          code: 'custom',
          path: ['topics', index, 'name'],
          message: `the topic "${topic.name}" is listed twice`,
        });
      seen.add(key);
    });
  });
export type Topics = z.infer<typeof topicsSchema>;
