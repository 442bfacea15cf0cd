/** The knowledge service's consumer group (and inbox name). */
export const KNOWLEDGE_CONSUMER = 'knowledge';
