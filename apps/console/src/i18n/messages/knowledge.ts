import { defineMessages } from '../define';

export const knowledge = defineMessages(
  {
    'knowledge.title': 'Knowledge',
  },
  {
    'knowledge.title': '知识库',
  },
);
