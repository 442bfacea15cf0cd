import type { ChatRequest } from '@tandem/testing';

/** What the bot's prompts carry as their JSON data block (the answering and the analysis prompts). */
export interface PromptData {
  articles?: { n: number; id: string; title: string; text: string }[];
  history?: { role: string; text: string }[];
  customer?: { tier: string; earlierConversations: number };
  customerLanguage?: string;
  customerMessage: string;
}

type UserContent =
  string | ({ type: 'text'; text: string } | { type: 'image_url'; image_url: { url: string } })[];

/** The last user message's content: a JSON string, or parts when images travel with it. */
export function userContent(request: ChatRequest): UserContent {
  return request.messages.at(-1)?.content as UserContent;
}

/** The JSON data block of a bot prompt, wherever it sits in the user message. */
export function promptData(request: ChatRequest): PromptData {
  const content = userContent(request);
  const json =
    typeof content === 'string'
      ? content
      : (content.find((part) => part.type === 'text') as { text: string }).text;
  return JSON.parse(json) as PromptData;
}

/** A fake answering model: a grounded answer citing the first article the bot retrieved. */
export function groundedAnswer(request: ChatRequest): { content: string } {
  const [first] = promptData(request).articles ?? [];
  return {
    content: JSON.stringify({
      answer: `From the model: ${first?.text ?? ''}`,
      confidence: 0.92,
      needsHuman: false,
      citations: first ? [first.id] : [],
    }),
  };
}
