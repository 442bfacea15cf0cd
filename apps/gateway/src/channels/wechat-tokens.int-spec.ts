import { Redis } from 'ioredis';
import { stackEnv, uniqueId } from '@tandem/testing';
import { FakeWeChatApi } from '../../../../scripts/harness/fake-wechat';
import type { ChannelConfig, OutboundReply } from './adapters/channel-adapter';
import { WeChatAdapter } from './adapters/wechat.adapter';
import { RedisWeChatTokens } from './wechat-tokens';

/** Two gateway instances (two adapters) sharing WeChat access tokens through real Redis. */
describe('WeChat access tokens shared through Redis', () => {
  const redis = new Redis(stackEnv().REDIS_URL);
  const wechat = new FakeWeChatApi();
  let prefix = '';

  beforeAll(() => wechat.start());
  beforeEach(() => {
    prefix = uniqueId('wx-');
  });
  afterAll(async () => {
    await wechat.stop();
    await redis.quit();
  });

  const account: ChannelConfig = {
    id: 'ch-wechat',
    tenantId: 't1',
    type: 'wechat',
    secret: 'tandem-wechat-token',
    callbackUrl: '',
    settings: { appId: 'wx-fake-app-id', appSecret: 'fake-app-secret' },
  };
  const reply = (text: string): OutboundReply => ({
    replyId: uniqueId('r-'),
    conversationId: 'c1',
    to: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o',
    from: { role: 'agent', name: 'Li Na' },
    text,
    sentAt: new Date().toISOString(),
  });
  const instance = () => new WeChatAdapter({ sharedTokens: new RedisWeChatTokens(redis, prefix) });

  it('stores, expires and forgets a token only while it is still the same one', async () => {
    const store = new RedisWeChatTokens(redis, prefix);
    expect(await store.get('acct')).toBeNull();
    await store.set('acct', { token: 'one', refreshAt: Date.now() + 60_000 });
    expect(await store.get('acct')).toMatchObject({ token: 'one' });
    await store.forget('acct', 'older');
    expect(await store.get('acct')).toMatchObject({ token: 'one' });
    await store.forget('acct', 'one');
    expect(await store.get('acct')).toBeNull();
    await store.set('acct', { token: 'gone', refreshAt: Date.now() + 50 });
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(await store.get('acct')).toBeNull();
  });

  it('lets one instance fetch at a time', async () => {
    const store = new RedisWeChatTokens(redis, prefix);
    expect(await store.claimFetch('acct', 5_000)).toBe(true);
    expect(await store.claimFetch('acct', 5_000)).toBe(false);
    await store.releaseFetch('acct');
    expect(await store.claimFetch('acct', 5_000)).toBe(true);
  });

  it('two instances starting cold fetch one token between them and send with it', async () => {
    const base = { ...account, callbackUrl: wechat.baseUrl };
    const before = wechat.tokenRequests;
    const [a, b] = [instance(), instance()];
    const results = await Promise.all([
      a.send(base, reply('来自实例一'), 5_000),
      b.send(base, reply('来自实例二'), 5_000),
    ]);
    expect(results).toEqual([{ ok: true }, { ok: true }]);
    expect(wechat.tokenRequests - before).toBe(1);
    const tokens = wechat.sent.slice(-2).map((message) => message.accessToken);
    expect(tokens[0]).toBe(tokens[1]);
    // A third instance, started later, uses the shared token too.
    expect(await instance().send(base, reply('三'), 5_000)).toEqual({ ok: true });
    expect(wechat.tokenRequests - before).toBe(1);
  });

  it('a token WeChat refused is replaced for every instance', async () => {
    const base = { ...account, callbackUrl: wechat.baseUrl };
    const [a, b] = [instance(), instance()];
    expect(await a.send(base, reply('first'), 5_000)).toEqual({ ok: true });
    expect(await b.send(base, reply('first too'), 5_000)).toEqual({ ok: true });
    const before = wechat.tokenRequests;
    wechat.expireTokens();
    expect(await a.send(base, reply('second'), 5_000)).toEqual({ ok: true });
    expect(wechat.tokenRequests - before).toBe(1);
    // Instance b still holds the old token: refused, it takes a's new one from Redis.
    expect(await b.send(base, reply('third'), 5_000)).toEqual({ ok: true });
    expect(wechat.tokenRequests - before).toBe(1);
    const [second, third] = wechat.sent.slice(-2).map((message) => message.accessToken);
    expect(second).toBe(third);
  });
});
