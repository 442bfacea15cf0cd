/** The agent fields the coverage filter reads. */
export interface SkilledAgent {
  /** Today's agents table: skills with `lang:xx` entries for languages. */
  skills: readonly string[];
}

export interface CoverageFilter {
  skill: string | null;
  language: string | null;
}

/**
 * Whether an agent counts in a coverage filtered by skill and language. The one place that
 * reads the agent's skill model, so a change of that model changes only this function.
 */
export function matchesCoverageFilter(agent: SkilledAgent, filter: CoverageFilter): boolean {
  if (filter.skill !== null && !agent.skills.includes(filter.skill)) return false;
  if (filter.language !== null && !agent.skills.includes(`lang:${filter.language}`)) return false;
  return true;
}
