import { defineMessages } from '../define';

export const workspace = defineMessages(
  {
    'workspace.title': 'Workspace',
  },
  {
    'workspace.title': '工作台',
  },
);
