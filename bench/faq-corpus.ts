import { seededRandom, shuffle } from '../apps/knowledge/src/search/ranker/sparse';

/**
 * A synthetic customer-service knowledge base, the same for the same size and seed: one
 * article per (intent, brand, product, where the customer bought it), half English, half
 * Chinese (written without spaces). Articles of one intent share their wording, articles of
 * one product share its name, as real FAQs of a large catalogue do. Each intent keeps one
 * question template out of every article: it makes the "unseen" queries.
 */
export interface FaqArticle {
  title: string;
  body: string;
  questions: string[];
  locale: 'en' | 'zh';
  topic: string;
}

export interface FaqQuery {
  text: string;
  /** Index of the article that answers it. */
  article: number;
  kind: 'paraphrase' | 'unseen';
  locale: 'en' | 'zh';
}

interface Intent {
  topic: string;
  title: string;
  /** The last one is never a sample question of an article. */
  questions: string[];
  answer: string;
}

interface Language {
  locale: 'en' | 'zh';
  intents: Intent[];
  brands: string[];
  products: string[];
  wheres: string[];
  item: (brand: string, product: string) => string;
  paraphrase: (text: string, random: () => number) => string;
}

const EN_INTENTS: Intent[] = [
  {
    topic: 'returns',
    title: 'Returning a {item} bought {where}',
    questions: [
      'How do I return a {item} I bought {where}?',
      'Can I send back my {item} bought {where}?',
      'What is the return policy for a {item} purchased {where}?',
      'I want to return the {item} I got {where}',
      'Where do I drop off a return of a {item} bought {where}?',
      'Is it too late to give back the {item} I bought {where}?',
    ],
    answer:
      'Open Orders, choose the {item} and select Return. Items bought {where} can be returned within 30 days in their original packaging.',
  },
  {
    topic: 'refunds',
    title: 'Refund timing for a {item} bought {where}',
    questions: [
      'When will I get my refund for the {item} I bought {where}?',
      'How long does a refund take for a {item} bought {where}?',
      'My refund for the {item} bought {where} has not arrived',
      'The refund of my returned {item} bought {where} is still missing',
      'How many days until the money for my {item} bought {where} is back?',
      'Still waiting on the refund of a {item} I bought {where}, why so slow?',
    ],
    answer:
      'Refunds for a {item} bought {where} are issued within 3 business days after the return arrives; your bank may take 5 more days.',
  },
  {
    topic: 'exchanges',
    title: 'Exchanging a {item} bought {where}',
    questions: [
      'Can I exchange my {item} bought {where} for another model?',
      'How do I swap a {item} I bought {where}?',
      'I want a different colour of the {item} I bought {where}',
      'Exchange a {item} bought {where} for a newer one',
      'Is an exchange possible for a {item} bought {where}?',
      'Could you replace my {item} bought {where} with a different version?',
    ],
    answer:
      'Request an exchange of the {item} in Orders within 30 days; we ship the new one when the old one is scanned by the carrier.',
  },
  {
    topic: 'delivery',
    title: 'Tracking the delivery of a {item} ordered {where}',
    questions: [
      'Where is the {item} I ordered {where}?',
      'How do I track the delivery of a {item} ordered {where}?',
      'My {item} ordered {where} has not been delivered yet',
      'The tracking number for my {item} ordered {where} does not work',
      'When will the {item} I ordered {where} arrive?',
      'Parcel with the {item} I ordered {where} seems lost',
    ],
    answer:
      'The tracking link for the {item} is in your confirmation email; deliveries of orders placed {where} take 2 to 5 days.',
  },
  {
    topic: 'cancellation',
    title: 'Cancelling an order of a {item} placed {where}',
    questions: [
      'How do I cancel my order of a {item} placed {where}?',
      'Can I still cancel the {item} I ordered {where}?',
      'Cancel the order for a {item} I made {where}',
      'I ordered a {item} {where} by mistake, please cancel it',
      'Is there a fee to cancel a {item} order placed {where}?',
      'Changed my mind about the {item} ordered {where}, stop the order',
    ],
    answer:
      'Orders of a {item} placed {where} can be cancelled in Orders until they ship; after that, return the item instead.',
  },
  {
    topic: 'address',
    title: 'Changing the delivery address for a {item} ordered {where}',
    questions: [
      'How do I change the delivery address for a {item} ordered {where}?',
      'I entered the wrong address for the {item} I ordered {where}',
      'Can the {item} I ordered {where} go to another address?',
      'Update the shipping address of my {item} order placed {where}',
      'Wrong postcode on my {item} order made {where}',
      'Please send the {item} I ordered {where} to my office instead',
    ],
    answer:
      'Until the {item} ships you can edit the address in Orders; once shipped, redirect it from the carrier tracking page.',
  },
  {
    topic: 'warranty',
    title: 'Warranty for a {item} bought {where}',
    questions: [
      'Is my {item} bought {where} still under warranty?',
      'How do I make a warranty claim for a {item} bought {where}?',
      'How long is the warranty on a {item} purchased {where}?',
      'Does the warranty cover a {item} I bought {where}?',
      'Warranty claim for a broken {item} bought {where}',
      'My {item} bought {where} stopped working after a year, is that covered?',
    ],
    answer:
      'A {item} bought {where} has a two-year warranty from the date on the receipt; start a claim from Orders.',
  },
  {
    topic: 'repairs',
    title: 'Repair service for a {item} bought {where}',
    questions: [
      'Where can I get my {item} bought {where} repaired?',
      'How much does a repair of a {item} bought {where} cost?',
      'Book a repair for the {item} I bought {where}',
      'How long does the repair of a {item} bought {where} take?',
      'Do you fix a {item} purchased {where}?',
      'Someone needs to look at my faulty {item} I bought {where}',
    ],
    answer:
      'Book a repair of the {item} online; we collect it, and repairs take about 10 days. Repairs under warranty are free.',
  },
  {
    topic: 'damaged',
    title: 'A {item} bought {where} arrived damaged',
    questions: [
      'My {item} bought {where} arrived damaged',
      'The {item} I bought {where} was broken in the box',
      'What do I do if the {item} bought {where} came scratched?',
      'Received a cracked {item} bought {where}',
      'The box of my {item} bought {where} was crushed and it does not work',
      'Got a dented {item} after buying it {where}, what now?',
    ],
    answer:
      'Sorry about that. Send us photos of the {item} and its box within 7 days and we replace it at no cost.',
  },
  {
    topic: 'missing-parts',
    title: 'Missing parts for a {item} bought {where}',
    questions: [
      'A part is missing from the {item} I bought {where}',
      'The {item} bought {where} came without the cable',
      'How do I get the missing pieces of my {item} bought {where}?',
      'My {item} purchased {where} is incomplete',
      'The manual was not in the box of the {item} I bought {where}',
      'Some accessories never came with the {item} bought {where}',
    ],
    answer:
      'Tell us which part of the {item} is missing and we send it within 3 days; manuals are also online.',
  },
  {
    topic: 'invoice',
    title: 'Invoice for a {item} bought {where}',
    questions: [
      'How do I get an invoice for the {item} I bought {where}?',
      'I need a receipt for a {item} bought {where}',
      'Can you add my company name to the invoice of the {item} bought {where}?',
      'Where do I download the invoice of my {item} purchased {where}?',
      'The VAT is missing on the receipt of my {item} bought {where}',
      'My accountant wants a bill for the {item} I bought {where}',
    ],
    answer:
      'Invoices for a {item} bought {where} are in Orders under Documents; to change the company details, contact us.',
  },
  {
    topic: 'payment',
    title: 'Payment problems for a {item} bought {where}',
    questions: [
      'My payment for a {item} bought {where} failed',
      'I was charged twice for the {item} I bought {where}',
      'Why was my card declined for a {item} bought {where}?',
      'The payment for my {item} bought {where} is pending',
      'Money taken but no order for the {item} I bought {where}',
      'Double charge on my statement for a {item} bought {where}',
    ],
    answer:
      'A failed payment for a {item} is released by your bank within 5 days; a double charge is refunded automatically.',
  },
  {
    topic: 'discounts',
    title: 'Discount codes for a {item} bought {where}',
    questions: [
      'My discount code does not work for a {item} bought {where}',
      'Can I use a coupon on a {item} bought {where}?',
      'The promo code was not applied to the {item} I bought {where}',
      'How do I add a voucher to my {item} order placed {where}?',
      'Forgot to use my discount on the {item} I bought {where}',
      'Is there a student reduction for a {item} bought {where}?',
    ],
    answer:
      'One code per order; codes do not apply to a {item} already discounted. A forgotten code can be applied within 14 days.',
  },
  {
    topic: 'price',
    title: 'Price drop after buying a {item} {where}',
    questions: [
      'The {item} I bought {where} is now cheaper, can I get the difference?',
      'Do you price match a {item} bought {where}?',
      'Price dropped on my {item} bought {where} a week later',
      'Refund the price difference on a {item} purchased {where}',
      'I saw the {item} I bought {where} on sale for less',
      'Another shop sells the {item} I got {where} for less, will you match?',
    ],
    answer:
      'If the price of a {item} drops within 14 days of buying it {where}, we refund the difference on request.',
  },
  {
    topic: 'setup',
    title: 'Setting up a {item} bought {where}',
    questions: [
      'How do I set up the {item} I bought {where}?',
      'Installation help for a {item} bought {where}',
      'The {item} I bought {where} does not turn on the first time',
      'How do I connect my {item} bought {where} to the app?',
      'Where is the setup guide of the {item} purchased {where}?',
      'First use instructions for a new {item} I bought {where}',
    ],
    answer:
      'Charge the {item} fully, then follow the quick start guide in the box or in the app under Devices.',
  },
  {
    topic: 'trade-in',
    title: 'Trade-in and recycling of a {item} bought {where}',
    questions: [
      'Can I trade in my old {item} bought {where}?',
      'How do I recycle a {item} I bought {where}?',
      'What is my used {item} bought {where} worth as a trade-in?',
      'Do you take back an old {item} purchased {where}?',
      'Where can I dispose of a {item} bought {where}?',
      'Get credit for an old {item} I once bought {where}',
    ],
    answer:
      'Trade in a {item} in any store or by post; we quote its value online and recycle what we cannot reuse.',
  },
];

const ZH_INTENTS: Intent[] = [
  {
    topic: 'returns',
    title: '{where}购买的{item}如何退货',
    questions: [
      '{where}买的{item}怎么退货',
      '{where}买的{item}可以退吗',
      '{where}购买的{item}退货政策是什么',
      '我想把{where}买的{item}退掉',
      '{where}买的{item}退货寄到哪里',
      '{where}买的{item}过了好久还能退回去吗',
    ],
    answer: '在订单中选择{item}并点击退货。{where}购买的商品可在30天内保持原包装退货。',
  },
  {
    topic: 'refunds',
    title: '{where}购买的{item}退款到账时间',
    questions: [
      '{item}退货要多久到账',
      '{where}买的{item}退款什么时候到',
      '{where}买的{item}退款一直没收到',
      '{where}买的{item}退了货钱还没退回来',
      '{where}购买的{item}退款需要几天',
      '{where}买的{item}退款为什么这么慢',
    ],
    answer: '{where}购买的{item}在退货签收后3个工作日内退款，银行到账可能还需5天。',
  },
  {
    topic: 'exchanges',
    title: '{where}购买的{item}换货',
    questions: [
      '{where}买的{item}可以换别的型号吗',
      '{where}买的{item}怎么换货',
      '{where}买的{item}想换个颜色',
      '{where}买的{item}能换新款吗',
      '{where}购买的{item}支持换货吗',
      '{where}买的{item}能不能给我换一台',
    ],
    answer: '30天内可在订单中申请{item}换货，旧货被快递揽收后我们寄出新货。',
  },
  {
    topic: 'delivery',
    title: '{where}下单的{item}物流查询',
    questions: [
      '{where}下单的{item}到哪了',
      '{where}下单的{item}怎么查物流',
      '{where}下单的{item}还没送到',
      '{where}下单的{item}快递单号查不到',
      '{where}下单的{item}什么时候到货',
      '{where}下单的{item}包裹好像丢了',
    ],
    answer: '{item}的物流链接在确认邮件里，{where}下单的订单一般2到5天送达。',
  },
  {
    topic: 'cancellation',
    title: '取消{where}下单的{item}',
    questions: [
      '{where}下单的{item}怎么取消订单',
      '{where}下单的{item}还能取消吗',
      '帮我取消{where}下单的{item}',
      '{where}下错单买了{item}请取消',
      '取消{where}下单的{item}要手续费吗',
      '{where}下单的{item}不想要了别发货',
    ],
    answer: '{where}下单的{item}在发货前可在订单中取消，发货后请改为退货。',
  },
  {
    topic: 'address',
    title: '修改{where}下单的{item}收货地址',
    questions: [
      '{where}下单的{item}怎么改收货地址',
      '{where}下单的{item}地址填错了',
      '{where}下单的{item}能寄到别的地址吗',
      '修改{where}下单的{item}配送地址',
      '{where}下单的{item}邮编写错了',
      '{where}下单的{item}请改送到我公司',
    ],
    answer: '{item}发货前可在订单中修改地址，发货后可在快递页面申请改派。',
  },
  {
    topic: 'warranty',
    title: '{where}购买的{item}保修',
    questions: [
      '{where}买的{item}还在保修期吗',
      '{where}买的{item}怎么申请保修',
      '{where}购买的{item}保修多久',
      '{where}买的{item}在保修范围内吗',
      '{where}买的{item}坏了能保修吗',
      '{where}买的{item}用了一年不工作了算质保吗',
    ],
    answer: '{where}购买的{item}自购买日起保修两年，可在订单中发起保修申请。',
  },
  {
    topic: 'repairs',
    title: '{where}购买的{item}维修服务',
    questions: [
      '{where}买的{item}去哪里修',
      '{where}买的{item}维修要多少钱',
      '预约维修{where}买的{item}',
      '{where}买的{item}维修要多久',
      '{where}购买的{item}你们修吗',
      '{where}买的{item}出故障了需要人看看',
    ],
    answer: '可在线预约{item}维修，上门取件，约10天修好，保修期内免费。',
  },
  {
    topic: 'damaged',
    title: '{where}购买的{item}到货损坏',
    questions: [
      '{where}买的{item}收到就坏了',
      '{where}买的{item}盒子里就是碎的',
      '{where}买的{item}到货有划痕怎么办',
      '收到的{where}买的{item}有裂缝',
      '{where}买的{item}外箱压坏了用不了',
      '{where}买的{item}收到时凹进去一块怎么处理',
    ],
    answer: '很抱歉。请在7天内发送{item}和包装的照片，我们免费为您更换。',
  },
  {
    topic: 'missing-parts',
    title: '{where}购买的{item}缺少配件',
    questions: [
      '{where}买的{item}少了一个零件',
      '{where}买的{item}没有数据线',
      '{where}买的{item}缺的配件怎么补发',
      '{where}购买的{item}东西不全',
      '{where}买的{item}盒子里没有说明书',
      '{where}买的{item}有些附件一直没收到',
    ],
    answer: '告诉我们{item}缺少哪个配件，我们3天内补发，说明书也可在线查看。',
  },
  {
    topic: 'invoice',
    title: '{where}购买的{item}开发票',
    questions: [
      '{where}买的{item}怎么开发票',
      '{where}买的{item}需要收据',
      '{where}买的{item}发票能加公司抬头吗',
      '{where}购买的{item}电子发票在哪下载',
      '{where}买的{item}发票上没有税号',
      '{where}买的{item}财务要报销凭证',
    ],
    answer: '{where}购买的{item}发票在订单的文件中，修改抬头请联系我们。',
  },
  {
    topic: 'payment',
    title: '{where}购买的{item}支付问题',
    questions: [
      '{where}买{item}付款失败',
      '{where}买的{item}被扣了两次钱',
      '{where}买{item}为什么银行卡被拒',
      '{where}买的{item}付款一直显示处理中',
      '{where}买{item}钱扣了订单却没有',
      '{where}买{item}账单上重复扣款',
    ],
    answer: '{item}付款失败的款项会在5天内由银行退回，重复扣款会自动退还。',
  },
  {
    topic: 'discounts',
    title: '{where}购买的{item}优惠券',
    questions: [
      '{where}买{item}优惠券用不了',
      '{where}买{item}能用优惠码吗',
      '{where}买的{item}折扣没有生效',
      '{where}下单{item}怎么使用代金券',
      '{where}买{item}忘记用优惠券了',
      '{where}买{item}有学生优惠吗',
    ],
    answer: '每单限用一张券，已打折的{item}不能叠加。忘用的券可在14天内补用。',
  },
  {
    topic: 'price',
    title: '{where}购买的{item}降价补差',
    questions: [
      '{where}买的{item}降价了能退差价吗',
      '{where}买的{item}你们保价吗',
      '{where}买的{item}一周后就降价了',
      '{where}购买的{item}申请价保',
      '{where}买的{item}现在打折更便宜',
      '别家卖的比{where}买的{item}便宜能补吗',
    ],
    answer: '{where}购买的{item}在14天内降价，可申请退还差价。',
  },
  {
    topic: 'setup',
    title: '{where}购买的{item}安装设置',
    questions: [
      '{where}买的{item}怎么安装',
      '{where}买的{item}怎么设置',
      '{where}买的{item}第一次开不了机',
      '{where}买的{item}怎么连接App',
      '{where}购买的{item}说明书在哪',
      '新到的{where}买的{item}初次使用步骤',
    ],
    answer: '请先给{item}充满电，再按照盒内或App设备页的快速入门指南操作。',
  },
  {
    topic: 'trade-in',
    title: '{where}购买的{item}以旧换新和回收',
    questions: [
      '{where}买的旧{item}能以旧换新吗',
      '{where}买的{item}怎么回收',
      '{where}买的二手{item}能折多少钱',
      '{where}购买的旧{item}你们收吗',
      '{where}买的{item}不用了怎么处理',
      '以前{where}买的{item}能抵钱吗',
    ],
    answer: '{item}可到门店或邮寄以旧换新，线上估价，无法再利用的部分会回收处理。',
  },
];

const EN_PRODUCTS = [
  'headphones',
  'smart watch',
  'laptop',
  'tablet',
  'phone charger',
  'coffee maker',
  'blender',
  'vacuum cleaner',
  'electric toothbrush',
  'hair dryer',
  'fitness tracker',
  'bluetooth speaker',
  'game console',
  'keyboard',
  'computer mouse',
  'monitor',
  'printer',
  'router',
  'camera',
  'drone',
  'e-reader',
  'air fryer',
  'rice cooker',
  'microwave',
  'kettle',
  'desk lamp',
  'office chair',
  'mattress',
  'backpack',
  'suitcase',
  'running shoes',
  'winter jacket',
  'yoga mat',
  'stroller',
  'car seat',
  'power bank',
  'thermostat',
  'security camera',
  'robot vacuum',
  'electric scooter',
  'air purifier',
  'humidifier',
  'projector',
  'television',
  'fridge',
  'washing machine',
  'oven',
  'shaver',
];
const ZH_PRODUCTS = [
  '无线耳机',
  '智能手表',
  '笔记本电脑',
  '平板电脑',
  '手机充电器',
  '咖啡机',
  '破壁机',
  '吸尘器',
  '电动牙刷',
  '吹风机',
  '运动手环',
  '蓝牙音箱',
  '游戏机',
  '机械键盘',
  '无线鼠标',
  '显示器',
  '打印机',
  '路由器',
  '相机',
  '无人机',
  '电子书阅读器',
  '空气炸锅',
  '电饭煲',
  '微波炉',
  '电水壶',
  '台灯',
  '办公椅',
  '床垫',
  '双肩包',
  '行李箱',
  '跑步鞋',
  '羽绒服',
  '瑜伽垫',
  '婴儿车',
  '儿童座椅',
  '充电宝',
  '温控器',
  '监控摄像头',
  '扫地机器人',
  '电动滑板车',
  '空气净化器',
  '加湿器',
  '投影仪',
  '电视机',
  '冰箱',
  '洗衣机',
  '烤箱',
  '剃须刀',
];
const EN_BRANDS = [
  'Acme',
  'Nimbus',
  'Orion',
  'Vertex',
  'Zephyr',
  'Lumen',
  'Kestrel',
  'Polar',
  'Quanta',
  'Riven',
  'Solace',
  'Tundra',
  'Umbra',
  'Vela',
  'Willow',
  'Yarrow',
];
const ZH_BRANDS = [
  '星河',
  '云帆',
  '青禾',
  '极光',
  '木棉',
  '北辰',
  '山岚',
  '海贝',
  '银杉',
  '晨曦',
  '松果',
  '蓝鲸',
  '白鹭',
  '赤兔',
  '紫藤',
  '金穗',
];
const EN_WHERES = [
  'online',
  'in a store',
  'in the app',
  'at an outlet',
  'during a sale',
  'with a gift card',
  'from a marketplace seller',
  'on a payment plan',
];
const ZH_WHERES = [
  '在官网',
  '在门店',
  '在App上',
  '在奥莱店',
  '大促时',
  '用礼品卡',
  '在第三方店铺',
  '分期付款',
];

const EN_SYNONYMS: Record<string, string> = {
  return: 'send back',
  refund: 'money back',
  bought: 'purchased',
  purchased: 'bought',
  ordered: 'bought',
  order: 'purchase',
  cancel: 'call off',
  delivery: 'shipping',
  delivered: 'shipped',
  arrive: 'come',
  arrived: 'came',
  broken: 'faulty',
  damaged: 'broken',
  want: 'need',
  change: 'update',
  exchange: 'swap',
  repaired: 'fixed',
  repair: 'fix',
  invoice: 'bill',
  receipt: 'proof of purchase',
  payment: 'transaction',
  charged: 'billed',
  code: 'voucher',
  cheaper: 'less expensive',
  missing: 'lost',
  warranty: 'guarantee',
  recycle: 'get rid of',
  'set up': 'install',
  store: 'shop',
};
const ZH_SYNONYMS: Record<string, string> = {
  退货: '退掉',
  多久: '几天',
  怎么: '如何',
  买的: '购买的',
  购买的: '买的',
  下单的: '订的',
  订单: '单子',
  物流: '快递',
  取消: '撤销',
  发票: '票据',
  坏了: '有问题',
  维修: '修理',
  保修: '质保',
  退款: '退钱',
  地址: '收货地址',
  安装: '装',
  优惠券: '折扣券',
  降价: '便宜了',
  换货: '调换',
  配件: '零件',
  付款: '支付',
  回收: '收购',
};
/** Characters Chinese input methods commonly confuse (same pinyin, or a near key). */
const ZH_TYPOS: Record<string, string> = {
  货: '获',
  款: '宽',
  退: '腿',
  换: '唤',
  修: '休',
  单: '担',
  票: '漂',
  址: '止',
  码: '马',
  装: '状',
  机: '鸡',
  电: '点',
  递: '第',
  保: '宝',
  期: '其',
  买: '卖',
  发: '法',
  包: '饱',
  件: '见',
  价: '加',
  钱: '前',
  到: '道',
};
const KEYBOARD_NEIGHBOURS: Record<string, string> = {
  a: 'qsz',
  b: 'vgn',
  c: 'xdv',
  d: 'sfe',
  e: 'wrd',
  f: 'dgr',
  g: 'fht',
  h: 'gjy',
  i: 'uok',
  j: 'hku',
  k: 'jli',
  l: 'kop',
  m: 'nj',
  n: 'bmh',
  o: 'ipl',
  p: 'ol',
  q: 'wa',
  r: 'etf',
  s: 'adw',
  t: 'ryg',
  u: 'yij',
  v: 'cbf',
  w: 'qes',
  x: 'zcs',
  y: 'tuh',
  z: 'xa',
};

function pick<T>(items: readonly T[], random: () => number): T {
  return items[Math.floor(random() * items.length)]!;
}

/** One small edit of an English question: drop or replace a word, reorder, or a typo. */
function paraphraseEnglish(text: string, random: () => number): string {
  const words = text.replace(/[?.!]+$/, '').split(' ');
  const edit = Math.floor(random() * 4);
  if (edit === 0 && words.length > 4) {
    words.splice(Math.floor(random() * words.length), 1);
    return words.join(' ');
  }
  if (edit === 1) {
    const joined = words.join(' ');
    const present = Object.keys(EN_SYNONYMS).filter((word) =>
      new RegExp(`\\b${word}\\b`, 'i').test(joined),
    );
    if (present.length > 0) {
      const word = pick(present, random);
      return joined.replace(new RegExp(`\\b${word}\\b`, 'i'), EN_SYNONYMS[word]!);
    }
  }
  if (edit === 2 && words.length > 3) {
    const cut = 1 + Math.floor(random() * (words.length - 2));
    return `${words.slice(cut).join(' ')}, ${words.slice(0, cut).join(' ').toLowerCase()}`;
  }
  const long = words.map((word, index) => ({ word, index })).filter(({ word }) => word.length > 3);
  if (long.length === 0) return words.join(' ');
  const { word, index } = pick(long, random);
  const at = 1 + Math.floor(random() * (word.length - 2));
  const kind = Math.floor(random() * 3);
  const char = word[at]!.toLowerCase();
  words[index] =
    kind === 0
      ? word.slice(0, at) + word[at + 1] + word[at] + word.slice(at + 2) // swapped letters
      : kind === 1
        ? word.slice(0, at) + word.slice(at + 1) // a letter left out
        : word.slice(0, at) +
          pick([...(KEYBOARD_NEIGHBOURS[char] ?? char)], random) +
          word.slice(at + 1);
  return words.join(' ');
}

const zhSegmenter = new Intl.Segmenter('zh', { granularity: 'word' });

/** One small edit of a Chinese question: drop or replace a word, reorder, or a wrong character. */
function paraphraseChinese(text: string, random: () => number): string {
  const segments = [...zhSegmenter.segment(text)].map((part) => part.segment);
  const edit = Math.floor(random() * 4);
  if (edit === 0 && segments.length > 4) {
    segments.splice(Math.floor(random() * segments.length), 1);
    return segments.join('');
  }
  if (edit === 1) {
    const present = Object.keys(ZH_SYNONYMS).filter((word) => text.includes(word));
    if (present.length > 0) {
      const word = pick(present, random);
      return text.replace(word, ZH_SYNONYMS[word]!);
    }
  }
  if (edit === 2 && segments.length > 3) {
    const cut = 1 + Math.floor(random() * (segments.length - 2));
    return `${segments.slice(cut).join('')}，${segments.slice(0, cut).join('')}`;
  }
  const positions = [...text].flatMap((char, index) => (ZH_TYPOS[char] ? [index] : []));
  const chars = [...text];
  if (positions.length === 0) {
    chars.splice(Math.floor(random() * chars.length), 1);
    return chars.join('');
  }
  const at = pick(positions, random);
  chars[at] = ZH_TYPOS[chars[at]!]!;
  return chars.join('');
}

const LANGUAGES: Language[] = [
  {
    locale: 'en',
    intents: EN_INTENTS,
    brands: EN_BRANDS,
    products: EN_PRODUCTS,
    wheres: EN_WHERES,
    item: (brand, product) => `${brand} ${product}`,
    paraphrase: paraphraseEnglish,
  },
  {
    locale: 'zh',
    intents: ZH_INTENTS,
    brands: ZH_BRANDS,
    products: ZH_PRODUCTS,
    wheres: ZH_WHERES,
    item: (brand, product) => `${brand}${product}`,
    paraphrase: paraphraseChinese,
  },
];

/** How many distinct articles one language can have. */
export function capacityPerLanguage(): number {
  return Math.min(
    ...LANGUAGES.map(
      (language) =>
        language.intents.length *
        language.brands.length *
        language.products.length *
        language.wheres.length,
    ),
  );
}

interface Slots {
  language: Language;
  intent: Intent;
  item: string;
  where: string;
}

function fill(template: string, slots: Slots): string {
  return template.replaceAll('{item}', slots.item).replaceAll('{where}', slots.where);
}

export interface FaqCorpus {
  articles: FaqArticle[];
  queries: FaqQuery[];
}

/**
 * `count` articles (even indices English, odd Chinese) and `queryCount` queries: paraphrases
 * (one or two edits) of a random sample question of a random article, and a share
 * (`unseenShare`) of questions in the intent's held-out wording.
 */
export function generateCorpus(
  count: number,
  queryCount: number,
  seed: number,
  unseenShare = 0.2,
): FaqCorpus {
  const perLanguage = Math.ceil(count / 2);
  if (perLanguage > capacityPerLanguage())
    throw new Error(`at most ${2 * capacityPerLanguage()} distinct articles`);
  const random = seededRandom(seed);
  const slots: Slots[] = [];
  const combos = LANGUAGES.map((language) => {
    const { intents, brands, products, wheres } = language;
    const all = Array.from(
      { length: intents.length * brands.length * products.length * wheres.length },
      (_, index) => index,
    );
    return shuffle(all, random).slice(0, perLanguage);
  });
  const articles: FaqArticle[] = [];
  for (let index = 0; index < count; index++) {
    const language = LANGUAGES[index % 2]!;
    let combo = combos[index % 2]![Math.floor(index / 2)]!;
    const where = language.wheres[combo % language.wheres.length]!;
    combo = Math.floor(combo / language.wheres.length);
    const product = language.products[combo % language.products.length]!;
    combo = Math.floor(combo / language.products.length);
    const brand = language.brands[combo % language.brands.length]!;
    const intent = language.intents[Math.floor(combo / language.brands.length)]!;
    const slot: Slots = { language, intent, item: language.item(brand, product), where };
    slots.push(slot);
    const seen = intent.questions.slice(0, -1);
    const questions = shuffle([...seen], random).slice(0, 3 + Math.floor(random() * 3));
    articles.push({
      title: fill(intent.title, slot),
      body: fill(intent.answer, slot),
      questions: questions.map((question) => fill(question, slot)),
      locale: language.locale,
      topic: intent.topic,
    });
  }
  const queries: FaqQuery[] = [];
  for (let index = 0; index < queryCount; index++) {
    const article = Math.floor(random() * count);
    const slot = slots[article]!;
    const locale = slot.language.locale;
    if (random() < unseenShare) {
      queries.push({
        text: fill(slot.intent.questions.at(-1)!, slot),
        article,
        kind: 'unseen',
        locale,
      });
      continue;
    }
    let text = pick(articles[article]!.questions, random);
    const edits = 1 + Math.floor(random() * 2);
    for (let edit = 0; edit < edits; edit++) text = slot.language.paraphrase(text, random);
    queries.push({ text, article, kind: 'paraphrase', locale });
  }
  return { articles, queries };
}
