import { contactsOf } from './conversations.service';

describe('verified contacts used to link identities', () => {
  it.each([
    [{ phone: '+86 138-1234-5678' }, [{ kind: 'phone', value: '+8613812345678' }]],
    [{ phone: '8613812345678' }, [{ kind: 'phone', value: '+8613812345678' }]],
    [{ email: ' Li.Lei@Example.COM ' }, [{ kind: 'email', value: 'li.lei@example.com' }]],
    [
      { phone: '+1 415 555 0100', email: 'a@b.co' },
      [
        { kind: 'phone', value: '+14155550100' },
        { kind: 'email', value: 'a@b.co' },
      ],
    ],
    [{ phone: '12' }, []],
    [{ email: 'not an address' }, []],
    [{}, []],
  ])('%j → %j', (verified, expected) => {
    expect(contactsOf(verified)).toEqual(expected);
  });
});
