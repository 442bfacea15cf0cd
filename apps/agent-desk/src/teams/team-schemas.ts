import { z } from 'zod';
import type { Team } from './team.entity';

export const teamBodySchema = z.object({ name: z.string().trim().min(1).max(100) }).strict();
export type TeamBody = z.infer<typeof teamBodySchema>;

export const teamViewSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  members: z.number().int().nonnegative().describe('active agents in the team'),
  createdAt: z.iso.datetime(),
});
export type TeamView = z.infer<typeof teamViewSchema>;
export const teamListSchema = z.object({ teams: z.array(teamViewSchema) });
export type TeamList = z.infer<typeof teamListSchema>;

export function toTeamView(team: Team, members: number): TeamView {
  return { id: team.id, name: team.name, members, createdAt: team.createdAt.toISOString() };
}
