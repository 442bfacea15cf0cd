import { renderTemplate, unknownPlaceholders } from './render-template';

describe('rendering a canned response for a conversation', () => {
  it.each([
    [
      'the customer name when known',
      'Hi {{customer.name}}!',
      { 'customer.name': 'Mei' },
      'Hi Mei!',
      [],
    ],
    [
      'the fallback when the name is unknown',
      'Hi {{customer.name|there}}!',
      { 'customer.name': null },
      'Hi there!',
      ['customer.name'],
    ],
    [
      'nothing when unknown and no fallback',
      'Hi {{ customer.name }}, this is {{agent.name}}.',
      { 'agent.name': 'Alice' },
      'Hi , this is Alice.',
      ['customer.name'],
    ],
    [
      'a blank name counts as unknown',
      '{{customer.name|Dear customer}}: {{customer.tier}}',
      { 'customer.name': '  ', 'customer.tier': 'vip' },
      'Dear customer: vip',
      ['customer.name'],
    ],
    ['text without placeholders unchanged', '您好，请稍等。', {}, '您好，请稍等。', []],
  ])('%s', (_case, template, values, text, missing) => {
    expect(renderTemplate(template, values)).toEqual({ text, missing });
  });

  it.each([
    ['known variables', 'Hi {{customer.name|there}}, {{agent.name}} here', []],
    ['an unknown variable', 'Your order {{order.id}}', ['order.id']],
    ['the same unknown twice, once', '{{x.y}} {{x.y}}', ['x.y']],
  ])('a template with %s', (_case, template, unknown) => {
    expect(unknownPlaceholders(template)).toEqual(unknown);
  });
});
