import { z } from 'zod';

const code = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_.-]{0,63}$/, 'lower-case letters, digits, ., - and _');

/** `POST /v1/wrap-up-codes`. */
export const createWrapUpCodeSchema = z.object({
  code: code.describe('What resolve sends as wrapUpCode'),
  label: z.string().trim().min(1).max(200),
  active: z.boolean().default(true),
});
export type CreateWrapUpCodeBody = z.infer<typeof createWrapUpCodeSchema>;

/** `PUT /v1/wrap-up-codes/{code}`: a retired code (active false) stays on past conversations. */
export const updateWrapUpCodeSchema = z.object({
  label: z.string().trim().min(1).max(200),
  active: z.boolean(),
});
export type UpdateWrapUpCodeBody = z.infer<typeof updateWrapUpCodeSchema>;

export const wrapUpCodeViewSchema = z.object({
  code: z.string(),
  label: z.string(),
  active: z.boolean(),
  updatedAt: z.iso.datetime({ offset: true }),
});
export type WrapUpCodeView = z.infer<typeof wrapUpCodeViewSchema>;
export const wrapUpCodeListSchema = z.object({
  wrapUpCodes: z
    .array(wrapUpCodeViewSchema)
    .describe('Empty: resolve accepts any code; otherwise only the active ones'),
});
