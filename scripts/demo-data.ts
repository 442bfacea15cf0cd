/** The small demo a newcomer talks to: one tenant, a few agents, Chinese and English articles. */
export const DEMO_TENANT = { id: 'demo', name: 'Demo Shop 演示商店' };
export const DEMO_PASSWORD = 'tandem-demo';

export const DEMO_AGENTS = [
  {
    email: 'alice@demo.test',
    name: 'Alice 王丽',
    role: 'agent',
    skills: { billing: 3, orders: 4 },
    languages: ['zh', 'en'],
    capacity: { chat: 5, email: 10, call: 1 },
  },
  {
    email: 'bob@demo.test',
    name: 'Bob Chen',
    role: 'agent',
    skills: { billing: 2 },
    languages: ['en', 'zh'],
    capacity: { chat: 3, email: 5, call: 1 },
  },
  {
    email: 'sam@demo.test',
    name: 'Sam 李',
    role: 'supervisor',
    skills: { billing: 5, orders: 5 },
    languages: ['zh', 'en'],
    capacity: { chat: 2, email: 5, call: 0 },
  },
  {
    email: 'admin@demo.test',
    name: 'Admin',
    role: 'admin',
    skills: {},
    languages: [],
    capacity: { chat: 0, email: 0, call: 0 },
  },
] as const;

export const DEMO_CHANNEL = {
  id: '00000000-0000-4000-8000-000000000001',
  name: 'Demo chat (generic webhook)',
  secret: 'demo-channel-secret-change-me',
};

/**
 * The demo tenant's desk setup, so the console's wrap-up and canned responses have something
 * to show. Only the `demo` tenant gets them: test tenants define their own codes.
 */
export const DEMO_WRAP_UP_CODES = [
  { code: 'answered', label: 'Question answered 已解答' },
  { code: 'card-delivery', label: 'Card delivery 卡片配送' },
  { code: 'payments', label: 'Payments 支付' },
  { code: 'refund', label: 'Refund 退款' },
  { code: 'complaint', label: 'Complaint 投诉' },
];

export const DEMO_CANNED_RESPONSES = [
  {
    id: '00000000-0000-4000-8000-0000000000c1',
    shortcut: '/hello',
    title: 'Greeting',
    language: 'en',
    text: 'Hi {{customer.name|there}}, thanks for waiting. I have read the conversation so far and I am on it.',
  },
  {
    id: '00000000-0000-4000-8000-0000000000c2',
    shortcut: '/hello',
    title: '问候',
    language: 'zh',
    text: '{{customer.name|您}}好，感谢您的耐心等待，我已看过之前的对话，马上为您处理。',
  },
  {
    id: '00000000-0000-4000-8000-0000000000c3',
    shortcut: '/bye',
    title: 'Closing',
    language: 'en',
    text: 'Is there anything else I can help you with today?',
  },
];

/**
 * The demo web chat channel: the widget on the demo page (`/widget/demo.html`, served by the
 * gateway itself) talks to it. Its allowed origins are the gateway's own and local development
 * servers'; a real site lists its own origins.
 */
export const DEMO_WEBCHAT_CHANNEL = {
  id: '00000000-0000-4000-8000-000000000002',
  name: 'Demo web chat (widget)',
  secret: 'demo-webchat-secret-change-me',
};

/** Origins a developer opens the demo page or a test site from (the gateway's default port, Vite's). */
export function demoWebchatOrigins(gatewayPort: number | string = 3000): string[] {
  return [
    ...new Set([
      `http://127.0.0.1:${gatewayPort}`,
      `http://localhost:${gatewayPort}`,
      'http://127.0.0.1:3000',
      'http://localhost:3000',
      'http://127.0.0.1:5173',
      'http://localhost:5173',
    ]),
  ];
}

export const DEMO_ARTICLES = [
  {
    id: '00000000-0000-4000-8000-0000000000a1',
    locale: 'en',
    title: 'When will my card arrive?',
    body: 'Cards are posted the next working day and usually arrive within 3–5 working days. You can follow the delivery in the app under Card > Track delivery.',
    questions: [
      'When will my card arrive?',
      "My card hasn't arrived yet",
      'How long does card delivery take?',
      'Can I track my card delivery?',
    ],
  },
  {
    id: '00000000-0000-4000-8000-0000000000a2',
    locale: 'en',
    title: 'How do I change my PIN?',
    body: 'Open the app, go to Card > Security > Change PIN, confirm with your passcode and choose a new 4-digit PIN.',
    questions: ['How do I change my PIN?', 'I want a new PIN', 'Where can I reset my card PIN?'],
  },
  {
    id: '00000000-0000-4000-8000-0000000000a3',
    locale: 'en',
    title: 'How long does a refund take?',
    body: 'Refunds go back to the original payment method within 5–7 working days after the merchant approves them.',
    questions: [
      'How long does a refund take?',
      'When will I get my refund?',
      'My refund is not showing up',
    ],
  },
  {
    id: '00000000-0000-4000-8000-0000000000b1',
    locale: 'zh',
    title: '如何查询订单物流状态',
    body: '在 App 的“我的订单”中点开订单，即可看到实时物流状态和快递单号。',
    questions: ['我想查询订单的物流状态', '我的快递到哪里了', '怎么查物流', '订单什么时候发货'],
  },
  {
    id: '00000000-0000-4000-8000-0000000000b2',
    locale: 'zh',
    title: '退款多久到账',
    body: '商家同意退款后，款项会在 3–5 个工作日内原路退回。',
    questions: ['退款多久到账', '退款什么时候到', '钱什么时候退回来', '退款还没到账'],
  },
  {
    id: '00000000-0000-4000-8000-0000000000b3',
    locale: 'zh',
    title: '如何修改收货地址',
    body: '订单发货前，可在“我的订单”中选择“修改地址”；已发货的订单请联系人工客服。',
    questions: ['如何修改收货地址', '地址填错了怎么办', '我想换一个收货地址'],
  },
];
