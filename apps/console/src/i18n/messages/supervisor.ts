import { defineMessages } from '../define';

export const supervisor = defineMessages(
  {
    'supervisor.title': 'Supervisor',
  },
  {
    'supervisor.title': '主管视图',
  },
);
