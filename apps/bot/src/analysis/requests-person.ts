import { detectHumanRequest } from '@tandem/text';

/** Phrasings @tandem/text's rule misses: "agent" or "human" as the whole message, "接人工". */
const MORE_REQUESTS =
  /^\s*(an?\s+)?(human|agent|person|human agent|customer service (staff|representative|agent))\s*(please|pls|plz)?\s*[.!?]*\s*$|\b(talk|speak|chat)\s+to\s+(someone|somebody|a person|customer service)\b|\b(find|get|put|transfer|connect)\s+me\s+(through\s+to\s+|to\s+|with\s+)?(a|an)\s+(real\s+|live\s+)?(person|human|agent)\b|接个?人工|找个?(真)?人(来|工)?|(叫|让|找|要)你们的?(领导|经理|主管|负责人)|\b(speak|talk)\s+to\s+(a|your|the)\s+(supervisor|manager)\b|\b(get|give)\s+me\s+(a|your|the)\s+(supervisor|manager)\b/iu;
/** What looks like a request but is a question about something else ("人工费怎么算"). */
const NOT_REQUESTS = /人工(费|安装|成本|智能)|\bhuman\s+(review|error|body|rights|resources)\b/iu;

/** An explicit request for a person, in any phrasing; frustration alone is not one. */
export function requestsPerson(text: string): boolean {
  const compact = text.normalize('NFKC');
  if (NOT_REQUESTS.test(compact)) return false;
  return detectHumanRequest(compact) || MORE_REQUESTS.test(compact);
}
