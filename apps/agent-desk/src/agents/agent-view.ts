import { z } from 'zod';
import type { Agent } from './agent.entity';
import { capacitySchema, MEDIA, PRESENCES, skillLevelsSchema } from './seat';

/** An agent as the desk API shows it (login, `GET /v1/agents/me`, admin answers). */
export const agentViewSchema = z.object({
  id: z.uuid(),
  tenantId: z.string(),
  email: z.string(),
  name: z.string(),
  role: z.enum(['agent', 'supervisor', 'admin']),
  teamId: z.uuid().nullable(),
  skills: skillLevelsSchema,
  // As stored (the input schema's de-duplicating transform has no JSON Schema).
  languages: z.array(z.string()).describe('language codes, e.g. ["zh", "en"]'),
  capacity: capacitySchema,
  presence: z.enum(PRESENCES),
  busyState: z.string().nullable().describe('the custom busy state while presence is busy'),
  active: z.boolean().describe('false: deactivated, cannot log in or get work'),
});
export type AgentView = z.infer<typeof agentViewSchema>;

export function toAgentView(agent: Agent): AgentView {
  const { id, tenantId, email, name, role, teamId, skills, languages, capacity } = agent;
  return {
    id,
    tenantId,
    email,
    name,
    role,
    teamId,
    skills,
    languages,
    capacity,
    presence: agent.presence,
    busyState: agent.busyState,
    active: agent.active,
  };
}

export const mediaLoadSchema = z
  .object(Object.fromEntries(MEDIA.map((media) => [media, z.number().int().nonnegative()])))
  .describe('conversations offered to or assigned to the agent, per media');
export type MediaLoad = Record<(typeof MEDIA)[number], number>;

/** A supervisor's row for an agent: the seat plus what it carries now. */
export const agentStatusSchema = agentViewSchema.extend({
  load: mediaLoadSchema,
  presenceAt: z.iso.datetime(),
  lastOfferedAt: z.iso.datetime().nullable(),
});
export type AgentStatus = z.infer<typeof agentStatusSchema>;
export const agentListSchema = z.object({ agents: z.array(agentStatusSchema) });
export type AgentList = z.infer<typeof agentListSchema>;
