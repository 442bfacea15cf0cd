import { ConfigError, loadConfig } from '@tandem/config';
import { botEnvSchema } from './config';

const env = {
  KAFKA_BROKERS: '127.0.0.1:9092',
  DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/db',
  REDIS_URL: 'redis://127.0.0.1:6379',
  JWT_SECRET: 'x'.repeat(32),
};

describe('the bot configuration of the analyzer', () => {
  it('defaults to auto with a 3 s budget', () => {
    expect(loadConfig(botEnvSchema, env)).toMatchObject({
      BOT_ANALYZER: 'auto',
      BOT_ANALYZER_TIMEOUT_MS: 3_000,
    });
  });

  it('refuses a model analyzer without a model', () => {
    expect(() => loadConfig(botEnvSchema, { ...env, BOT_ANALYZER: 'model' })).toThrow(ConfigError);
    expect(
      loadConfig(botEnvSchema, {
        ...env,
        BOT_ANALYZER: 'model',
        BOT_LLM_BASE_URL: 'http://127.0.0.1:1/v1',
      }).BOT_ANALYZER,
    ).toBe('model');
  });
});
