/**
 * Explicit requests for a person, in the ways customers write them. Frustration with the
 * bot ("this bot is useless") is sentiment, not a request.
 */
const HUMAN_REQUEST_ZH =
  /(转|接|找|要|叫)\s*(人工|真人|客服|人)|人工(客服|服务|坐席)?$|^人工|真人客服|人工客服/;
const HUMAN_REQUEST_EN =
  /\b(talk|speak|chat|connect)\s+(me\s+)?(to|with)\s+(a|an|the|some)?\s*(real\s+|live\s+)?(human|person|agent|representative|operator|someone)\b|\b(real|live)\s+(person|human|agent)\b|\bhuman\s+(agent|please)\b|\bagent\s*,?\s*please\b|\b(representative|operator)\b/i;

export function detectHumanRequest(text: string): boolean {
  const compact = text.trim();
  return HUMAN_REQUEST_ZH.test(compact.replace(/\s+/g, '')) || HUMAN_REQUEST_EN.test(compact);
}
