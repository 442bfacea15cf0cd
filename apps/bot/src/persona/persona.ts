import { z } from 'zod';
import { channelTypeSchema, type ChannelType } from '@tandem/contracts';
import type { Language } from '@tandem/text';

export const TONES = ['friendly', 'formal', 'concise'] as const;
const tone = z.enum(TONES);
const perLanguage = z
  .object({ en: z.string().trim().min(1).max(300), zh: z.string().trim().min(1).max(300) })
  .partial();

/** A tenant's brand voice: how the bot introduces itself, sounds and signs off, on each channel. */
export const personaSchema = z
  .object({
    name: z.string().trim().min(1).max(60).nullable().default(null),
    tone: tone.default('friendly'),
    /** Overrides of the tone per channel (SMS concise, email formal...). */
    channelTones: z.partialRecord(channelTypeSchema, tone).default({}),
    /** Said before the bot's first answer in a conversation. */
    greeting: perLanguage.default({}),
    /** Said after every answer. */
    signOff: perLanguage.default({}),
    /** Words the bot never says: an answer containing one is deferred, never sent. */
    neverSay: z.array(z.string().trim().min(1).max(60)).max(200).default([]),
  })
  .strict()
  .superRefine((persona, context) => {
    for (const [field, texts] of [
      ['greeting', persona.greeting],
      ['signOff', persona.signOff],
    ] as const)
      for (const [language, text] of Object.entries(texts)) {
        const word = forbiddenIn(text, persona.neverSay);
        if (word)
          context.addIssue({
            code: 'custom',
            path: [field, language],
            message: `contains "${word}", which is in neverSay`,
          });
      }
  });
export type Persona = z.infer<typeof personaSchema>;

export const DEFAULT_PERSONA: Persona = personaSchema.parse({});

export function toneFor(persona: Persona, channel: ChannelType): Persona['tone'] {
  return persona.channelTones[channel] ?? persona.tone;
}

/** The first word of `neverSay` the text contains (case-insensitive, whole words where spaced). */
export function forbiddenIn(text: string, neverSay: readonly string[]): string | null {
  const lower = text.toLowerCase();
  for (const word of neverSay) {
    const needle = word.toLowerCase();
    const spaced = /^[\p{Script=Latin}\p{N}' -]+$/u.test(needle);
    const found = spaced
      ? new RegExp(
          `(?<![\\p{L}\\p{N}])${needle.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\p{L}\\p{N}])`,
          'u',
        ).test(lower)
      : lower.includes(needle);
    if (found) return word;
  }
  return null;
}

/**
 * The customer-facing reply in the tenant's voice: the greeting before the first answer of
 * a conversation, the sign-off after every answer, in the customer's language (English when
 * the persona has no text in it). The sign-off is left out where the channel's tone is
 * concise (an SMS has no room for it). The answer itself is the article's or the model's.
 */
export function voiced(
  answer: string,
  persona: Persona,
  context: { language: Language; channel: ChannelType; firstReply: boolean },
): string {
  const language = context.language === 'zh' ? 'zh' : 'en';
  const pick = (texts: Persona['greeting']) => texts[language] ?? texts.en ?? null;
  const greeting = context.firstReply ? pick(persona.greeting) : null;
  const signOff = toneFor(persona, context.channel) === 'concise' ? null : pick(persona.signOff);
  const separator = context.channel === 'sms' ? ' ' : '\n\n';
  return [greeting, answer, signOff].filter((part): part is string => !!part).join(separator);
}

/**
 * What the model is told of the persona, as a second system message (the first is fixed);
 * null for a persona that asks nothing of the model's words (no name, the default tone
 * everywhere, no words to avoid), so the model's prompt stays the fixed one.
 */
export function personaInstructions(persona: Persona, channel: ChannelType): string | null {
  const asksNothing =
    persona.name === null &&
    persona.tone === DEFAULT_PERSONA.tone &&
    Object.keys(persona.channelTones).length === 0 &&
    persona.neverSay.length === 0;
  if (asksNothing) return null;
  const lines: string[] = [];
  if (persona.name) lines.push(`Your name is ${persona.name}.`);
  const style = toneFor(persona, channel);
  lines.push(
    style === 'formal'
      ? 'Write formally and politely.'
      : style === 'concise'
        ? 'Write as briefly as possible: one or two short sentences.'
        : 'Write warmly and plainly.',
  );
  if (persona.neverSay.length > 0)
    lines.push(
      `Never use these words: ${persona.neverSay.map((w) => JSON.stringify(w)).join(', ')}.`,
    );
  lines.push('Do not add a greeting or a sign-off; they are added for you.');
  return lines.join(' ');
}
