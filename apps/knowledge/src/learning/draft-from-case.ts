import { detectHumanRequest, detectLanguage, scrubPersonalData } from '@tandem/text';

export interface CaseLine {
  role: 'customer' | 'agent';
  text: string;
  /** The bot answered it confidently before the hand-off: not what the person resolved. */
  answeredByBot?: boolean;
}

export interface DraftArticle {
  title: string;
  body: string;
  questions: string[];
  locale: string;
}

const MAX_QUESTIONS = 5;
const MAX_TITLE = 120;

/** A draft's title from its main question: the question itself, cut to a readable length. */
export function titleOf(question: string): string {
  return question.length > MAX_TITLE ? `${question.slice(0, MAX_TITLE - 3)}...` : question;
}

/**
 * Pure: an extractive draft from a case a person resolved. The customer's substantive
 * messages the bot did not answer become the sample questions (the main one, the last asked
 * before the agent's first reply, first and as the title), the agent's messages and the
 * resolution note the answer; personal data is removed from both. Returns null when there
 * is nothing to learn.
 */
export function draftFromCase(
  lines: readonly CaseLine[],
  resolutionNote: string,
): DraftArticle | null {
  const firstAgentLine = lines.findIndex((line) => line.role === 'agent');
  const asked = lines
    .map((line, index) => ({ line, index }))
    .filter(({ line }) => line.role === 'customer' && !line.answeredByBot)
    .map(({ line, index }) => ({ text: scrubPersonalData(line.text.trim()), index }))
    .filter(({ text }) => text.length >= 4 && !detectHumanRequest(text));
  const beforeAgent = asked.filter(({ index }) => firstAgentLine === -1 || index < firstAgentLine);
  const main = beforeAgent.at(-1) ?? asked[0];
  const questions = main
    ? [main.text, ...asked.filter((question) => question !== main).map(({ text }) => text)]
    : [];
  const answerParts = lines
    .filter((line) => line.role === 'agent')
    .map((line) => scrubPersonalData(line.text.trim()));
  const note = scrubPersonalData(resolutionNote.trim());
  if (note) answerParts.push(note);
  const unique = [...new Set(questions)].slice(0, MAX_QUESTIONS);
  if (unique.length === 0 || answerParts.length === 0) return null;
  const title = titleOf(unique[0]!);
  const language = detectLanguage(unique.join(' '));
  return {
    title,
    body: answerParts.join('\n\n'),
    questions: unique,
    locale: language === 'other' ? 'und' : language,
  };
}
