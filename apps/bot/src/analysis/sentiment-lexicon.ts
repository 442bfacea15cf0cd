import type { Emotion } from '@tandem/contracts';

/**
 * The customer-service lexicons of the analyzer. A weight below zero is a complaint cue,
 * above zero a satisfied one; an emotion tag says which service emotion the cue signals
 * (some cues carry an emotion and almost no polarity, such as "怎么办" or "again").
 * Chinese entries are matched as substrings (longest first), English ones as whole tokens
 * or token sequences, after lower-casing and expanding "n't".
 */
export interface LexiconEntry {
  weight: number;
  emotion: Emotion | null;
}

export type Lexicon = ReadonlyMap<string, LexiconEntry>;

function lexicon(groups: [number, Emotion | null, string][]): Lexicon {
  const map = new Map<string, LexiconEntry>();
  for (const [weight, emotion, terms] of groups) {
    for (const term of terms.split('|')) {
      const key = term.trim();
      if (key) map.set(key, { weight, emotion });
    }
  }
  return map;
}

export const ZH_LEXICON: Lexicon = lexicon([
  // Anger: insults, accusations, threats of complaints and lawsuits.
  [
    -2,
    'anger',
    '垃圾|骗子|骗人|骗钱|欺诈|欺骗|坑人|黑心|流氓|无耻|气死|生气|愤怒|火大|恼火|投诉|举报|报警|12315|消费者协会|消协|起诉|法院|律师|曝光|霸王条款|抢钱|赖账|倒闭|关门|滚|凭什么|干什么吃的|当傻子|当猴耍|态度恶劣|态度极差|态度差|态度太差|爱答不理|敷衍|骂人|形同虚设|太过分|过分|岂有此理|混蛋|破服务|破软件|乱扣|乱收费|乱签收|气人|忽悠|耍人|耍我|上当|受骗|虚假宣传|假货|山寨|以次充好|缺斤少两|跑路|曝光你们|拉黑',
  ],
  [
    -1.5,
    'anger',
    '叫你们经理|叫你们领导|让你们领导|找你们领导|你们经理|你们领导|摆设|管不管|什么意思|离谱',
  ],
  // Frustration: repetition, the bot not understanding, giving up.
  [
    -1.5,
    'frustration',
    '无语|服了|算了|懒得|受不了|烦死|好烦|真烦|答非所问|听不懂|没用|有什么用|要你们干嘛|要你们有什么用|一问三不知|智障|太蠢|真蠢|真笨|太笨|处理了个寂寞|寂寞|浪费我时间|耐心已经|耐心用完|说了好几遍|说了八百遍|说了多少遍|多少遍|好几遍|五遍|三遍|几遍|重复说|又是这|又是让我|又要我|还是不行|还是没用|还是没解决|还是不能|还要等|自动回复|敷衍我|有意思吗|不是一回事|根本不是|浪费时间|浪费我的时间|别浪费我时间|不想跟机器人|不要机器人|别让我跟机器人|天天说|每次都说|总是说|说好的|等了|拖了|这么久|那么久|太久|半天|郁闷|崩溃|心累|烦人|不耐烦|踢皮球|推诿|推卸|兜圈子|绕圈子|一遍又一遍|反反复复|第三次|第二次|每次都|老是|总是|联系不上|找不到人|没反应|没动静|石沉大海|没回音|没消息',
  ],
  [-0.8, 'frustration', '又|烦|呵呵|到底|人呢|还等'],
  // Anxiety: urgency, worry, fear of loss.
  [
    -1.5,
    'anxiety',
    '着急|急死|急用|急着|急急|担心|害怕|好怕|慌|紧张|焦虑|求求|拜托|救命|盗刷|被盗|盗号|泄露|万一|要不回来|会不会影响|影响征信|影响信用|冻结|被锁|不见了|突然少了|没收|被退回|急需|急等|焦急|心慌|睡不着|等着用|在线等|火急火燎|能不能快点',
  ],
  [-0.6, 'anxiety', '怎么办|急|快点|赶紧|尽快|马上|会不会'],
  // Complaints without a clear emotion: failures, damage, delays, disappointment.
  [
    -1.5,
    null,
    '差评|太差|很差|极差|真差|失望|寒心|糟糕|太糟|糟透|烂|恶心|坑|不满意|不满|不合理|不公平|不礼貌|不好用|不好|不行|不值|不敢再|再也不|不会再买|不会买了|差劲|质量问题|有质量问题|有问题|问题很多|毛病|太贵|贵死|被坑|卡顿|太卡|闪退|打不开|打不通|登录不上|登不上|登录失败|收不到|没收到|没到账|没退款|没发货|没解决|没人理|没人管|没人回复|没人处理|没人接|没声音|没通知|没有寄|拖着|迟迟|一直没|还没|都没|到现在都|未到账|不更新|没更新|不动了|丢件|丢了|破洞|坏点|开胶|碎了|坏了|凉了|凉透|洒了|撒了|少了|少送|漏发|错发|发错|重复扣费|扣了两次|扣两次|乱扣|莫名其妙|被取消|取消不了|报错|失败|被拒|被驳回|驳回|卡住|卡在|扣了款|不符|不一样|差太多|差别很大|不是我想要|体验极差|体验很差|体验差|不怎么样|不怎么好|一般般|太慢|很慢|好慢|慢死|响应太慢|回复太慢|欺负|被别人|别人签收|被扣|不让退|不给退|不给解决|还在|被海关扣|很糟|糟|好麻烦|太麻烦|很麻烦|真麻烦|用不了|退不了|登不了|付不了|支付不了|提现不了|不能用|没法用|用不上|问题还在|问题还没|问题依旧|一直在审核|还在审核|一直在处理|还在处理|审核中|不靠谱|冷漠|冷淡|延误|晚点|迟到|漏水|变质|过期|发霉|二手|翻新|误导|多扣|扣钱|后悔|白花钱|浪费钱|智商税|血亏|拒收|拒绝|注销|退订|卸载|拒付|被盗用',
  ],
  [-1, null, '差|慢|贵|卡|破|居然|竟然'],
  [-0.6, null, '一直|根本'],
  // Satisfaction.
  [
    1.5,
    null,
    '谢谢|感谢|多谢|满意|好评|点赞|不错|很好|挺好|真好|太好了|太棒|真棒|很棒|棒|给力|优秀|完美|喜欢|超出预期|物超所值|很值|方便|顺手|流畅|好用|耐用|放心|安心|热情|耐心解答|很有耐心|解决了|搞定|已经好了|好了|可以了|收到了|收到啦|到账了|退款了|辛苦了|辛苦啦|麻烦了|麻烦您了|很快|挺快|速度很快|及时|用心|期待|支持|还会买|还来|愉快|一切正常|还不错|靠谱|贴心|周到|专业|神速|高效|满分|五星|推荐|回购|惊喜|开心|高兴|赞',
  ],
  [
    0.8,
    null,
    '好的|好嘞|好吧|行|可以|还行|还可以|凑合|合理|没问题|没关系|没事|不急|不着急|明白|了解|知道了|嗯|哈哈|嘿嘿|正常|快|好',
  ],
  // Complaints told as facts (issue 5): food and delivery, wrong or missing items, late
  // orders, rooms, telecom, banking and travel; comparisons with better times.
  [
    -1.5,
    null,
    '难吃|难喝|不好吃|不好喝|太咸|很咸|好咸|偏咸|咸死|齁|太淡|没味|没味道|没熟|没煮熟|不熟|夹生|糊了|烧糊|煎糊|不一致|做工差|做工粗糙|粗糙|掉色|褪色|起球|色差|尺码不对|假的|破损|包装破损|漏液|少件|缺件|划痕|异响|发烫|充不进电|充不上电|死机|黑屏|花屏|失灵|不好使|物流慢|快递慢|馊味|馊了|发馊|发臭|没有煮熟|没煮透|没熟透|太厚|明明|跟没说一样|说了也没用|白说|要什么没什么|吃什么没什么|欺客|臭了|臭的|变味|酸了|异味|怪味|太油|油腻|太腻|太硬|太老|太干|太稀|太少|很少|好少|少得可怜|少的可怜|分量少|份量少|量少|量太少|头发|虫子|苍蝇|蟑螂|老鼠|拉肚子|吃坏|没法吃|无法下咽|咽不下|不能吃|送错|搞错|弄错|拿错|给错|做错|漏送|没送|没给|没有送|没带|没放|没筷子|没有筷子|没勺|没餐具|漏了|漏掉|洒的|撒的|压扁|压坏|不封口|超时|才送到|才送来|才到|才联系|才回复|才发货|才收到|才处理|晚到|送达时间|时间过长|时间太长|时间有些长|时间长|等太久|等了好久|这么长时间|太长时间|越来越贵|越来越少|越来越差|越来越慢|越来越难|还不如|大不如前|不如从前|比以前差|缩水|偷工减料|很一般|太一般|比较一般|不咋地|不咋样|很脏|太脏|好脏|不干净|太吵|很吵|噪音|隔音差|隔音不好|霉味|陈旧|破旧|老旧|太旧|很旧|掉线|断网|断线|没信号|信号差|信号不好|网速慢|停机|扣费|多收|多收费|乱收|收费高|手续费太高|转账失败|航班取消|取消航班|误机|误了|没赶上|谨慎|慎买|慎点|千万别|千万不要|别买|不要买|别点|不要点|不会再|不再定|不再订|不再点|不再买|不再来|也是醉了|醉了|什么玩意|什么鬼|搞什么|搞毛',
  ],
  [-1, null, '脏|吵|咸|臭|旧|不如'],
  [-0.6, null, '可惜|遗憾|美中不足|缺点|不足'],
  [
    1.5,
    null,
    '好吃|美味|好喝|新鲜|干净|整洁|准时|送餐快|分量足|份量足|量足|量大|实惠|划算|超值|舒服|舒适|安静|温馨|热情周到|味道好|味道不错',
  ],
  // Look like cues but are not: politeness, card names.
  [0, null, '不好意思|麻烦|麻烦帮|银行卡|信用卡|会员卡|购物卡|卡号|差不多'],
]);

export const EN_LEXICON: Lexicon = lexicon([
  [
    -2,
    'anger',
    'angry|furious|outraged|outrageous|livid|pissed|scam|scammers|scammer|fraud|liars|lying|lied|robbing|rob|steal|stealing|thieves|rip off|rip-off|ripped off|garbage|trash|crap|joke|pathetic|disgusting|disgrace|unacceptable|ridiculous|absurd|lawyer|court|sue|regulator|bbb|report you|complaint|rude|dismissive|brushed me off|abusive|swore|yelled|wtf|deceiving|predatory|go bust|deserve to fail|messing with me|think i am stupid|manager|supervisor|explain yourselves|you charged me|charged me for|taking money|take my money|without asking|how am i supposed to|disgusted|appalling|shocking|nightmare|incompetent|clueless|misleading|false advertising|hidden fees|never again|sick and tired|not acceptable',
  ],
  [
    -1.5,
    'frustration',
    'useless|pointless|hopeless|dumb|stupid|give up|forget it|whatever|done|fed up|sick of|annoying|annoyed|frustrated|frustrating|ugh|seriously|unbelievable|again|repeating|repeated|over and over|same thing|same answer|canned|automated|auto replies|not helping|does not help|not what i asked|not answering|what is the point|what are you even for|wasting my time|patience|three times|3 times|five times|5 times|so many times|still does not work|still nothing|still failing|still broken|broken again|processing what|processed my foot|lol|third time|for the third time|again and again|every time|every single time|keep getting|still the same|going in circles|runaround|not listening|read my message|waste of time|ignored|ignoring|no answer|no help|hung up|on hold|cancel my account|cancel my subscription',
  ],
  [
    -1.5,
    'anxiety',
    'worried|worry|scared|afraid|panicking|panic|freaking out|nervous|anxious|stressed|concerned|urgent|urgently|asap|please help|help me|hack|hacked|stolen|skimmed|leaked|unrecognized|do not recognize|disappeared|what if|what do i do|will this|will i|is my money safe|late fee|credit score|confiscated|sent back|frozen|freeze|locked|blocked|bills are due|shows zero|balance is zero|need it by|need it tomorrow|by tomorrow|desperate|desperately|emergency|need it today|time sensitive|running out of time|deadline|unauthorized|suspicious|fraudulent',
  ],
  [
    -1.5,
    null,
    'terrible|awful|horrible|worst|bad|poor|disappointing|disappointed|letdown|let down|unhappy|dissatisfied|not satisfied|not happy|not good|not great|not worth|mediocre|meh|laggy|lags|slow|too slow|crash|crashes|crashing|freezes|broken|faulty|defective|damaged|cracked|dead pixels|hole|missing|cold|spilled|lost|stuck|late|delay|delayed|never|failed|fails|failing|error|errors|errors out|rejected|denied|charged twice|double charged|twice|overcharged|expensive|pricey|pricier|overpriced|too expensive|costs more|crazy|refund not|no refund|came off|took a week|took weeks|took days|took forever|took a month|no sound|different from|very different|went down|go down|vanished|you promised|promised|too fast|all over the|someone took|took my|random charge|random fee|random annual fee|overcharged|waste of money|overdue|pending|refused|refuse|declined|invalid|expired|damaged|leaking|leak|smashed|dented|torn|scratched|no show|did not show up|dispute|chargeback|wrong item|wrong size|wrong order|wrong product|sent the wrong|got the wrong|received the wrong|sent me the wrong|still not|still no|still nothing|still waiting|still have not|still has not|has not come through|not received|never received|never got|never arrived|never comes|nothing arrived|has not arrived|have not arrived|has not shipped|does not work|not work|not working|will not|cannot|can not|unable|nobody|no one|no reply|no response|nothing like|not as described|not as good|hassle|complicated|problem|problems|issue|bugs|out of nowhere|for no reason|without asking|without explanation|nobody told me|not fair|not right|waiting|waited|yet|forever|taking forever|so long|too long|drains|two times|rude|impolite|nothing here|held|letdown|sorry but|kind of disappointing|ripped',
  ],
  [
    1.5,
    null,
    'thanks|thank|thx|cheers|appreciate|great|excellent|awesome|amazing|perfect|love|lovely|fantastic|wonderful|delightful|happy|satisfied|helpful|resolved|solved|sorted|fixed|works|worked|working now|works now|good|nice|smooth|quick|fast|easy|convenient|reassuring|reassured|patient|fair|reasonable|worth|solid|decent|impressed|recommend|refunded|all good|no problem|no problems|no worries|no issues|no rush|not urgent|no hurry|not bad|not too bad|not too pricey|not expensive|not that bad|never disappoint|will not disappoint|useful|brilliant|superb|glad|pleased|grateful|appreciated|top notch|spot on|lifesaver|well done|kudos|good job|quickly',
  ],
  [-0.6, 'frustration', 'even|anyone even'],
  [-0.6, null, 'still|wrong|different|random|you said'],
  // Complaints told as facts (issue 5): products, food, delivery, travel, telecom, banking.
  [
    -1.5,
    null,
    'waste|wasted|wasting|junk|worthless|unusable|stopped working|quit working|no longer works|no longer working|died|broke|falling apart|fell apart|cheaply made|flimsy|return it|returned it|send it back|sent it back|avoid|beware|do not buy|stay away|regret|mistake|hate|hated|sucks|sucked|suck|bland|tasteless|stale|soggy|overcooked|undercooked|burnt|salty|greasy|gross|nasty|dirty|filthy|smelled|smells|cockroach|food poisoning|rudely|rudeness|ignore|ignored us|subpar|lacking|inedible|uninspired|underwhelming|unsatisfying|unsatisfied|disappointment|disapointment|disapointed|inconvenient|inconvenience|mess|messed up|screwed|screwed up|fail|failure|lame|cancelled|canceled|cancellation|stranded|overbooked|bumped|diverted|missed connection|missed my flight|missed my connection|no room|delays|dropped calls|dropped call|disconnected|no signal|no service|overdraft|hold time|no flavor|no taste|zero taste|zero stars|did not like|do not like|does not like|to be desired|not go back|never go back|not be back|not return|never return|not coming back|not come back|worse|worse than|not as good|blah|blandest|recourse|not cool|no fun|do not go|not go there|never go|look elsewhere|grossed out|cheated|disaster|struggle|had better|rarely|used to be better|what a joke|how hard is it|thumbs down|no excuse|insulted|disrespected|unprofessional|lousy',
  ],
  [
    1.5,
    null,
    'tasty|delicious|yummy|fresh|flavorful|friendly|attentive|prompt|clean|tender|comfortable|sturdy|reliable|on time|favorite|best|bargain|could not be happier|can not complain|could not ask for more|will be back|go back again|love it|loved|loves|enjoyed|enjoy',
  ],
  [-0.6, null, 'unfortunately|outage'],
  [
    0.8,
    null,
    'received|arrived|came|ok|okay|sure|fine|alright|got it|understood|noted|i see|sounds good|haha|hehe|normal|fairly|reasonably',
  ],
]);

/** Words in front of a cue that turn it around ("不满意" is listed; "不是很满意" is negated). */
export const ZH_NEGATION =
  /(不|没|没有|(?<!特|区|分|告|级|类|性)别|不是|不太|不怎么|不够|并不|毫不|未|不会|不算|不再|从不|不要|没那么|不那么|没有?(以前|之前|原来|上次|店里|在店里)的?|不如(以前|之前|原来|上次))(很|太|太过|特别|非常|怎么|那么|这么|算|够|是很|大|太过于|会|算太|是|让人|令人|会让人|洗|擦|打扫|弄|搞|做)?$/;
export const EN_NEGATORS = new Set([
  'not',
  'no',
  'never',
  'hardly',
  'barely',
  'nothing',
  'without',
]);

export const ZH_INTENSIFIERS = /(很|太|非常|特别|超|极|真|好|超级|十分|相当|巨|贼|死|透)$/;
export const EN_INTENSIFIERS = new Set([
  'very',
  'so',
  'extremely',
  'really',
  'totally',
  'absolutely',
  'super',
  'insanely',
  'way',
  'completely',
  'utterly',
  'truly',
  'incredibly',
  'ridiculously',
  'painfully',
]);

/** Emoji that carry polarity (and emotion) on their own. */
export const EMOJI: ReadonlyMap<string, LexiconEntry> = lexicon([
  [-2, 'anger', '😡|🤬|💢|😠|👿|🖕'],
  [-1.5, 'frustration', '🙄|😑|😤|😒|🤦'],
  [-1.5, 'anxiety', '😰|😱|😨|😟|🥺'],
  [-1.5, null, '😞|😭|😢|💔|👎|😩|😫|☹|🙁|:(|:-('],
  [1.5, null, '👍|😊|😄|😃|🙂|🙏|👌|❤|❤️|🥰|😍|🎉|:)|:-)|💯|👏'],
]);

/**
 * Complaints told as facts that a word list cannot hold: a wait counted in minutes or hours,
 * items short by a number, rhetorical questions, "too" in front of a quality. Each pattern
 * counts once per clause; Chinese ones run on the clause, English ones on the clause after
 * lower-casing and expanding "n't".
 */
export const ZH_PATTERNS: readonly [RegExp, LexiconEntry][] = [
  // "70多分钟以后才送到", "两个小时了还没到"
  [
    /([0-9]+|[一两二三四五六七八九十几半]+)多?个?多?(小时|钟头|分钟|天)(以?后|了)?(才|还没|还不|都没|还在)/u,
    { weight: -1.5, emotion: 'frustration' },
  ],
  // "怎么还没到", "为什么还是加糖", "怎么没送调料"
  [/(为什么|为啥|怎么|咋)(还|又|都|老|总|没|不)/u, { weight: -1, emotion: 'frustration' }],
  // "太厚", "太不准了": "太" in front of a quality that is a complaint when there is too much of it
  [
    /太(厚|薄|硬|软|甜|酸|辣|麻|咸|淡|油|腻|干|稀|少|小|贵|慢|久|晚|远|差|烂|脏|吵|旧|乱|冷|凉|烫|难|不|没)/u,
    { weight: -1, emotion: null },
  ],
  // "少一根烤肠", "少了两瓶"
  [/少了?[一二两三四五1-9](个|份|根|杯|瓶|盒|件|样|双|袋)/u, { weight: -1.5, emotion: null }],
];
export const EN_PATTERNS: readonly [RegExp, LexiconEntry][] = [
  // "took an hour", "on hold for 46 mins", "waited over 30 minutes"
  [
    /\b(took|taking|waited|waiting|been|on hold|delayed|late|stuck|sat)\b.{0,24}?\b([0-9]+|an?|one|two|three|four|five|six|several|few|forty|thirty|twenty|ten|over|almost|nearly)\s*\+?\s*(more\s+)?(min|mins|minutes|hours?|hrs?|days|weeks)\b/u,
    { weight: -1.5, emotion: 'frustration' },
  ],
  // "2 hours on hold", "40 minutes late"
  [
    /\b([0-9]+|an?|one|two|three|four|five|several)\s*(min|mins|minutes|hours?|hrs?|days|weeks)\s+(on hold|late|delayed|wait|waiting|in line|on the tarmac|on the runway|passed|later)\b/u,
    { weight: -1.5, emotion: 'frustration' },
  ],
  // "it won't turn on", "the app doesn't load": a thing that should work and does not
  [
    /\b(does|do|did|will|would|can|could|is|are|was|were) not (work|charge|turn on|switch on|connect|load|open|sync|respond|start|boot|print|update|log in|login|send|go through)\b/u,
    { weight: -1.5, emotion: null },
  ],
  // "why is it so slow", "why does it still not work"
  [
    /\bwhy (is|are|do|does|did|would|can|will|has|have|was|were)\b.*\b(so|still|not|never|always|again|even|no|yet)\b/u,
    { weight: -1, emotion: 'frustration' },
  ],
  // "too slow", "way too big" (not "not too bad", "me too")
  [/(?<!\bnot |\bno )\btoo\s+(?!much\b|many\b)[a-z]/u, { weight: -1, emotion: null }],
];

/** Cue words that are sarcastic when quoted or when followed by a complaint. */
export const ZH_SARCASM =
  /["“”'‘’「」『』]\s*(高效|神速|快|好|棒|贴心|专业|优质|及时|负责)\s*["“”'‘’「」『』]|呵呵|真是服|处理了个寂寞|真棒.*(又|再)|寂寞/;
export const EN_SARCASM =
  /(oh|just|yeah|so|wow)[,.!\s]+(great|perfect|wonderful|brilliant|nice|right|helpful|impressive)|["“][^"”]{0,30}["”]|\b(great|amazing|awesome|brilliant)\s+(work|job)\s*,?\s*(guys)?\.?\s+(truly|really)\b|super helpful\.|thanks for nothing|yeah right|impressive$/;
