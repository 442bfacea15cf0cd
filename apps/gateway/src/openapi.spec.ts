import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { genericWebhookSchema, outboundMessageSchema } from '@tandem/contracts';
import { openApiProblems } from '@tandem/testing';
import { CALLBACK_EXAMPLE, gatewayOpenApi, WEBHOOK_EXAMPLES } from './openapi';

describe('the gateway OpenAPI document', () => {
  it.each(Object.entries(WEBHOOK_EXAMPLES))('example "%s" is a valid message', (_name, example) => {
    expect(genericWebhookSchema.safeParse(example).success).toBe(true);
  });

  it('the callback example is what the gateway sends', () => {
    expect(outboundMessageSchema.safeParse(CALLBACK_EXAMPLE).success).toBe(true);
  });

  it('is structurally sound OpenAPI 3.1', () => {
    expect(openApiProblems(gatewayOpenApi())).toEqual([]);
  });

  it('docs/openapi/gateway.json is current (regenerate with node dist/scripts/openapi.js)', () => {
    const file = join(__dirname, '..', '..', '..', 'docs', 'openapi', 'gateway.json');
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(gatewayOpenApi());
  });
});
