export interface AgentCandidate {
  id: string;
  skills: readonly string[];
  capacity: number;
  /** Conversations offered to or assigned to the agent right now. */
  load: number;
  online: boolean;
  lastOfferedAt: Date | null;
}

export interface WaitingConversation {
  skills: readonly string[];
  /** Agents who declined it or let the offer expire: asked again only if nobody else can take it. */
  passedBy: readonly string[];
}

/**
 * Pure: the best agent for a waiting conversation, or null. Eligible agents are online,
 * below capacity and have every required skill; among them the lowest load wins, then the
 * one idle the longest (never offered counts as idle since forever).
 */
export function chooseAgent(
  conversation: WaitingConversation,
  agents: readonly AgentCandidate[],
): AgentCandidate | null {
  const eligible = agents.filter(
    (agent) =>
      agent.online &&
      agent.load < agent.capacity &&
      conversation.skills.every((skill) => agent.skills.includes(skill)),
  );
  const fresh = eligible.filter((agent) => !conversation.passedBy.includes(agent.id));
  const pool = fresh.length > 0 ? fresh : eligible;
  let best: AgentCandidate | null = null;
  for (const agent of pool) {
    if (best === null || better(agent, best)) best = agent;
  }
  return best;
}

function better(a: AgentCandidate, b: AgentCandidate): boolean {
  if (a.load !== b.load) return a.load < b.load;
  const idleA = a.lastOfferedAt?.getTime() ?? Number.NEGATIVE_INFINITY;
  const idleB = b.lastOfferedAt?.getTime() ?? Number.NEGATIVE_INFINITY;
  if (idleA !== idleB) return idleA < idleB;
  return a.id < b.id;
}
