import jwt from 'jsonwebtoken';
import { TokenService, InvalidTokenError } from './tokens';
import { hasRole, type Principal } from './principal';

const tokens = new TokenService({ secret: 'x'.repeat(32), issuer: 'tandem' });
const alice: Principal & { kind: 'user' } = {
  kind: 'user',
  subject: 'agent-1',
  tenantId: 't1',
  role: 'agent',
  name: 'Alice',
};

describe('platform tokens', () => {
  it('round-trips a person with tenant and role', () => {
    expect(tokens.verify(tokens.issueAccess(alice))).toEqual(alice);
  });

  it('refuses a token signed with another key', () => {
    const forged = new TokenService({ secret: 'y'.repeat(32), issuer: 'tandem' }).issueAccess(
      alice,
    );
    expect(() => tokens.verify(forged)).toThrow(InvalidTokenError);
  });

  it('refuses a refresh token where an access token is needed', () => {
    expect(() => tokens.verify(tokens.issueRefresh(alice))).toThrow(/expected an access token/);
  });

  it('refuses an expired token', () => {
    const expired = jwt.sign(
      { sub: 'a', tid: 't1', role: 'agent', kind: 'user', typ: 'access' },
      'x'.repeat(32),
      {
        issuer: 'tandem',
        expiresIn: -10,
      },
    );
    expect(() => tokens.verify(expired)).toThrow(/expired/);
  });

  it('refuses the "none" algorithm', () => {
    const unsigned = jwt.sign(
      { sub: 'a', tid: 't1', role: 'admin', kind: 'user', typ: 'access' },
      '',
      {
        algorithm: 'none',
        issuer: 'tandem',
      },
    );
    expect(() => tokens.verify(unsigned)).toThrow(InvalidTokenError);
  });
});

describe('role checks', () => {
  it.each([
    ['agent', ['agent'], true],
    ['agent', ['supervisor'], false],
    ['supervisor', ['agent'], true],
    ['admin', ['supervisor'], true],
    ['service', ['service'], true],
    ['agent', ['service'], false],
  ] as const)('%s calling an endpoint for %j → %s', (role, required, allowed) => {
    expect(hasRole({ ...alice, role }, required)).toBe(allowed);
  });
});
