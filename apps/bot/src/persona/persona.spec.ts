import { forbiddenIn, personaSchema, personaInstructions, voiced } from './persona';

const persona = personaSchema.parse({
  name: 'Mia',
  tone: 'friendly',
  channelTones: { sms: 'concise', email: 'formal' },
  greeting: { en: 'Hi, I am Mia!', zh: '您好，我是小米！' },
  signOff: { en: 'Anything else I can do?' },
  neverSay: ['guarantee', '保证'],
});

describe('the tenant’s voice', () => {
  it.each([
    [
      'first web chat answer, English',
      'en',
      'webchat',
      true,
      'Hi, I am Mia!\n\nThe answer.\n\nAnything else I can do?',
    ],
    [
      'a later answer: no greeting',
      'en',
      'webchat',
      false,
      'The answer.\n\nAnything else I can do?',
    ],
    [
      'Chinese: its greeting, the English sign-off as fallback',
      'zh',
      'webchat',
      true,
      '您好，我是小米！\n\nThe answer.\n\nAnything else I can do?',
    ],
    ['SMS is concise: no sign-off, one line', 'en', 'sms', true, 'Hi, I am Mia! The answer.'],
  ] as const)('%s', (_case, language, channel, firstReply, expected) => {
    expect(voiced('The answer.', persona, { language, channel, firstReply })).toBe(expected);
  });

  it('finds words never to say, as whole words in English and anywhere in Chinese', () => {
    expect(forbiddenIn('We GUARANTEE delivery', persona.neverSay)).toBe('guarantee');
    expect(forbiddenIn('guaranteed? no: guarantees', ['guarantee'])).toBeNull();
    expect(forbiddenIn('我们保证三天到货', persona.neverSay)).toBe('保证');
    expect(forbiddenIn('nothing here', persona.neverSay)).toBeNull();
  });

  it('refuses a greeting or sign-off with a word never to say, and unknown fields', () => {
    const bad = personaSchema.safeParse({
      greeting: { en: 'We guarantee it' },
      neverSay: ['guarantee'],
    });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues[0]!.path).toEqual(['greeting', 'en']);
    expect(personaSchema.safeParse({ colour: 'blue' }).success).toBe(false);
    expect(personaSchema.safeParse({ channelTones: { fax: 'formal' } }).success).toBe(false);
  });

  it('tells the model its name, the channel’s tone and the words to avoid', () => {
    expect(personaInstructions(persona, 'email')).toBe(
      'Your name is Mia. Write formally and politely. Never use these words: "guarantee", "保证". Do not add a greeting or a sign-off; they are added for you.',
    );
    expect(personaInstructions(persona, 'sms')).toContain('as briefly as possible');
    expect(personaInstructions(personaSchema.parse({ greeting: { en: 'Hi' } }), 'sms')).toBeNull();
  });
});
