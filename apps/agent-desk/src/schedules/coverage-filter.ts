import type { SkillLevels } from '../agents/seat';

/** The agent fields the coverage filter reads. */
export interface SkilledAgent {
  skills: SkillLevels;
  languages: readonly string[];
}

export interface CoverageFilter {
  skill: string | null;
  language: string | null;
}

/**
 * Whether an agent counts in a coverage filtered by skill (any level) and language. The one
 * place that reads the agent's skill model, so a change of that model changes only this function.
 */
export function matchesCoverageFilter(agent: SkilledAgent, filter: CoverageFilter): boolean {
  if (filter.skill !== null && !(agent.skills[filter.skill] !== undefined)) return false;
  if (filter.language !== null && !agent.languages.includes(filter.language)) return false;
  return true;
}
