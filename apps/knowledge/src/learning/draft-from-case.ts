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

const QUESTION_WORDS =
  /^(how|what|when|where|which|who|whom|why|can|could|do|does|did|is|are|was|will|would|should|may|might|any|and|but|also)\b/i;
const CHINESE_QUESTION =
  /[吗呢么]|怎么|怎样|如何|什么|为什么|多少|多久|几|哪|能否|能不能|可不可以|可以.*[吗么]|是否|有没有/;

/**
 * Whether a customer's message asks something: a question mark, a question word first, or
 * a Chinese question form. Said after a person answered, anything else ("Great, thank
 * you!", "好的，谢谢") is an acknowledgement, not a sample question.
 */
export function looksLikeQuestion(text: string): boolean {
  return /[?？]/.test(text) || QUESTION_WORDS.test(text.trim()) || CHINESE_QUESTION.test(text);
}

/**
 * Pure: an extractive draft from a case a person resolved. The customer's substantive
 * messages the bot did not answer become the sample questions (the main one, the last asked
 * before the agent's first reply, first and as the title; after that reply only the
 * follow-ups that ask something), the agent's messages and the resolution note the answer;
 * personal data is removed from both. Returns null when there is nothing to learn.
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
    .filter(({ text }) => text.length >= 4 && !detectHumanRequest(text))
    .filter(
      ({ text, index }) =>
        firstAgentLine === -1 || index < firstAgentLine || looksLikeQuestion(text),
    );
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
