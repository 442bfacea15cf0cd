import { z } from 'zod';
import type { ChannelType } from '@tandem/contracts';

/** What an agent's capacity is counted in: a chat, an e-mail thread, a call. */
export const MEDIA = ['chat', 'email', 'call'] as const;
export type Media = (typeof MEDIA)[number];

/** Pure: the media a conversation on this channel takes from an agent's capacity. */
export function mediaOf(channelType: ChannelType): Media {
  return channelType === 'email' ? 'email' : 'chat';
}

export const PRESENCES = ['online', 'away', 'busy', 'offline'] as const;
export type Presence = (typeof PRESENCES)[number];

const skillName = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_.-]{0,63}$/, 'a skill is a lower-case slug such as "billing"')
  .refine((name) => !name.startsWith('lang:'), 'languages go in `languages`');
export const skillLevel = z.number().int().min(1).max(5);

/** Skills with levels 1 (basic) to 5 (expert), e.g. `{ "billing": 3 }`. */
export const skillLevelsSchema = z
  .record(skillName, skillLevel)
  .refine((skills) => Object.keys(skills).length <= 50, 'at most 50 skills')
  .describe('skill → level 1..5');
export type SkillLevels = z.infer<typeof skillLevelsSchema>;

/** Languages the agent serves customers in, as the router names them ("zh", "en"). */
export const languagesSchema = z
  .array(z.string().regex(/^[a-z]{2,3}$/, 'a language code such as "zh"'))
  .max(20)
  .transform((languages) => [...new Set(languages)])
  .describe('language codes, e.g. ["zh", "en"]');

/** Conversations at once per media; a media left out is 0 (the agent gets none of it). */
export const capacitySchema = z
  .object({
    chat: z.number().int().min(0).max(50).optional(),
    email: z.number().int().min(0).max(200).optional(),
    call: z.number().int().min(0).max(5).optional(),
  })
  .strict()
  .describe('conversations at once per media; left out = 0');
export type Capacity = z.infer<typeof capacitySchema>;

export const DEFAULT_CAPACITY: Required<Capacity> = { chat: 5, email: 10, call: 1 };

export function capacityFor(capacity: Capacity, media: Media): number {
  return capacity[media] ?? 0;
}
