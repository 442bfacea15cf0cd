import { randomBytes } from 'node:crypto';
import { SecretBox } from './secret-box';

const key = () => randomBytes(32).toString('base64');

describe('secrets at rest', () => {
  it('round-trips, and never stores the plain value', () => {
    const box = new SecretBox(key());
    const sealed = box.seal('wechat-token-令牌');
    expect(sealed).toMatch(/^enc:v1:/);
    expect(sealed).not.toContain('wechat-token');
    expect(box.open(sealed)).toBe('wechat-token-令牌');
  });

  it('seals the same value differently each time', () => {
    const box = new SecretBox(key());
    expect(box.seal('same')).not.toBe(box.seal('same'));
  });

  it('refuses a value sealed with another key, or tampered with', () => {
    const sealed = new SecretBox(key()).seal('secret');
    expect(() => new SecretBox(key()).open(sealed)).toThrow();
    const box = new SecretBox(key());
    const mine = box.seal('secret');
    const tampered = mine.slice(0, -4) + (mine.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    expect(() => box.open(tampered)).toThrow();
  });

  it('reads a value stored before encryption was turned on as it is', () => {
    expect(new SecretBox(key()).open('legacy-plain-secret')).toBe('legacy-plain-secret');
  });

  it('refuses a key of the wrong size at boot', () => {
    expect(() => new SecretBox(randomBytes(16).toString('base64'))).toThrow(/32 bytes/);
  });
});
