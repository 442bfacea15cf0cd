import { z } from 'zod';
import { capacitySchema, DEFAULT_CAPACITY, languagesSchema, skillLevelsSchema } from './seat';

/** Long enough to resist guessing; the stored form is scrypt (passwords.ts). */
export const passwordSchema = z.string().min(12, 'at least 12 characters').max(200);

const role = z.enum(['agent', 'supervisor', 'admin']);

/** `POST /v1/agents` (admin). */
export const agentCreateSchema = z
  .object({
    email: z.email().transform((email) => email.toLowerCase()),
    name: z.string().trim().min(1).max(200),
    role: role.default('agent'),
    password: passwordSchema,
    teamId: z.uuid().nullable().default(null),
    skills: skillLevelsSchema.default({}),
    languages: languagesSchema.default([]),
    capacity: capacitySchema.default(DEFAULT_CAPACITY),
  })
  .strict();
export type AgentCreateBody = z.infer<typeof agentCreateSchema>;

/** `PATCH /v1/agents/{id}` (admin): the fields given replace the agent's. */
export const agentUpdateSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    role,
    teamId: z.uuid().nullable(),
    skills: skillLevelsSchema,
    languages: languagesSchema,
    capacity: capacitySchema,
  })
  .partial()
  .strict()
  .refine((body) => Object.keys(body).length > 0, 'nothing to change');
export type AgentUpdateBody = z.infer<typeof agentUpdateSchema>;

/** `POST /v1/agents/{id}/password` (admin). */
export const passwordResetSchema = z.object({ password: passwordSchema }).strict();
export type PasswordResetBody = z.infer<typeof passwordResetSchema>;
