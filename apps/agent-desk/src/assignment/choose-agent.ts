import type { Capacity, Media, Presence, SkillLevels } from '../agents/seat';
import type { OverflowRule } from '../queues/queue-schemas';

export interface AgentCandidate {
  id: string;
  active: boolean;
  presence: Presence;
  teamId: string | null;
  skills: Readonly<SkillLevels>;
  languages: readonly string[];
  capacity: Readonly<Capacity>;
  /** Conversations offered to or assigned to the agent right now, per media. */
  load: Record<Media, number>;
  lastOfferedAt: Date | null;
}

/** What a queue asks of the agents it offers to. */
export interface QueueRules {
  name: string;
  /** Required skill → minimum level. */
  skills: Readonly<SkillLevels>;
  teamId: string | null;
  overflow: readonly OverflowRule[];
}

export interface WaitingConversation {
  /** The router's skills: `lang:xx` (the customer's language) and topic skills (level 1 at least). */
  skills: readonly string[];
  media: Media;
  queuedAt: Date;
  /** Agents who declined it or let the offer expire: asked again only if nobody else can take it. */
  passedBy: readonly string[];
  /** Until `preferredUntil`, only this agent may get it (after a transfer or a reopen). */
  preferredAgentId: string | null;
  preferredUntil: Date | null;
}

/** One way to qualify: every skill at its level, and the team when one is set. */
export interface Requirement {
  skills: Readonly<SkillLevels>;
  teamId: string | null;
}

const LANGUAGE_PREFIX = 'lang:';

/** Pure: the languages the router asks for (`lang:zh` → zh). */
export function languagesOf(skills: readonly string[]): string[] {
  return skills
    .filter((skill) => skill.startsWith(LANGUAGE_PREFIX))
    .map((skill) => skill.slice(LANGUAGE_PREFIX.length));
}

/**
 * Pure: the ways an agent may qualify for a conversation after it waited until `now`. Its own
 * queue's skills (the router's topic skills at level 1 unless the queue asks more) and team,
 * with levels lowered by the largest due `lowerSkillLevelsBy` (never below 1), plus the
 * requirements of every queue a due overflow rule names.
 */
export function requirementsFor(
  conversation: Pick<WaitingConversation, 'skills' | 'queuedAt'>,
  queue: QueueRules,
  queueNamed: (name: string) => QueueRules,
  now: Date,
): Requirement[] {
  const waited = (now.getTime() - conversation.queuedAt.getTime()) / 1_000;
  const due = queue.overflow.filter((rule) => waited >= rule.afterSeconds);
  const lowerBy = Math.max(0, ...due.map((rule) => rule.lowerSkillLevelsBy ?? 0));
  const own: Record<string, number> = {};
  for (const skill of conversation.skills) if (!skill.startsWith(LANGUAGE_PREFIX)) own[skill] = 1;
  for (const [skill, level] of Object.entries(queue.skills))
    own[skill] = Math.max(own[skill] ?? 1, level);
  for (const skill of Object.keys(own)) own[skill] = Math.max(1, own[skill]! - lowerBy);
  const requirements: Requirement[] = [{ skills: own, teamId: queue.teamId }];
  for (const rule of due) {
    if (rule.toQueue === undefined || rule.toQueue === queue.name) continue;
    const other = queueNamed(rule.toQueue);
    requirements.push({ skills: other.skills, teamId: other.teamId });
  }
  return requirements;
}

/** A requirement made cheap to test against many agents: its skills as a list. */
interface CompiledRequirement {
  skills: [string, number][];
  teamId: string | null;
}

function meets(agent: AgentCandidate, requirement: CompiledRequirement): boolean {
  if (requirement.teamId !== null && agent.teamId !== requirement.teamId) return false;
  for (const [skill, level] of requirement.skills)
    if ((agent.skills[skill] ?? 0) < level) return false;
  return true;
}

function freeSeats(agent: AgentCandidate, media: Media): number {
  return (agent.capacity[media] ?? 0) - agent.load[media];
}

/** What every agent is tested against, worked out once per conversation. */
interface Ask {
  media: Media;
  languages: string[];
  requirements: CompiledRequirement[];
  /** The only agent who may have it now, or null. */
  onlyAgent: string | null;
}

function ask(
  conversation: WaitingConversation,
  requirements: readonly Requirement[],
  now: Date,
): Ask {
  return {
    media: conversation.media,
    languages: languagesOf(conversation.skills),
    requirements: requirements.map((requirement) => ({
      skills: Object.entries(requirement.skills),
      teamId: requirement.teamId,
    })),
    onlyAgent:
      conversation.preferredAgentId !== null &&
      conversation.preferredUntil !== null &&
      now < conversation.preferredUntil
        ? conversation.preferredAgentId
        : null,
  };
}

function eligible(agent: AgentCandidate, asked: Ask): boolean {
  if (!agent.active || agent.presence !== 'online') return false;
  if (freeSeats(agent, asked.media) <= 0) return false;
  if (asked.onlyAgent !== null && agent.id !== asked.onlyAgent) return false;
  for (const language of asked.languages) if (!agent.languages.includes(language)) return false;
  for (const requirement of asked.requirements) if (meets(agent, requirement)) return true;
  return false;
}

/** Pure: whether the agent may be offered the conversation now (ignoring who passed on it). */
export function isEligible(
  agent: AgentCandidate,
  conversation: WaitingConversation,
  requirements: readonly Requirement[],
  now: Date,
): boolean {
  return eligible(agent, ask(conversation, requirements, now));
}

/**
 * Pure: the best agent for a waiting conversation, or null. Eligible: active, online (not
 * away, busy or offline), below capacity for the conversation's media, speaks its language,
 * qualifies for its queue (after overflow), and is the preferred agent while the preference
 * lasts. Among them the lowest share of that media's capacity in use wins, then the one idle
 * the longest (never offered counts as idle since forever). Agents who passed on it are
 * asked again only when nobody else can take it.
 */
export function chooseAgent(
  conversation: WaitingConversation,
  queue: QueueRules,
  queueNamed: (name: string) => QueueRules,
  agents: readonly AgentCandidate[],
  now: Date,
): AgentCandidate | null {
  const asked = ask(conversation, requirementsFor(conversation, queue, queueNamed, now), now);
  let best: AgentCandidate | null = null;
  let bestPassed: AgentCandidate | null = null;
  for (const agent of agents) {
    if (!eligible(agent, asked)) continue;
    if (conversation.passedBy.length > 0 && conversation.passedBy.includes(agent.id)) {
      if (bestPassed === null || better(agent, bestPassed, asked.media)) bestPassed = agent;
    } else if (best === null || better(agent, best, asked.media)) best = agent;
  }
  return best ?? bestPassed;
}

function share(agent: AgentCandidate, media: Media): number {
  return agent.load[media] / (agent.capacity[media] ?? 0);
}

function better(a: AgentCandidate, b: AgentCandidate, media: Media): boolean {
  const shareA = share(a, media);
  const shareB = share(b, media);
  if (shareA !== shareB) return shareA < shareB;
  const idleA = a.lastOfferedAt?.getTime() ?? Number.NEGATIVE_INFINITY;
  const idleB = b.lastOfferedAt?.getTime() ?? Number.NEGATIVE_INFINITY;
  if (idleA !== idleB) return idleA < idleB;
  return a.id < b.id;
}

/** Pure: the rank waiting conversations are offered in (higher first, then the longest waiting). */
export function effectiveRank(priorityRank: number, queueBoost: number): number {
  return priorityRank + queueBoost;
}
