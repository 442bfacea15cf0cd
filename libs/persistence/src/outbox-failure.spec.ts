import { InvalidEventError } from '@tandem/contracts';
import { KeyUnavailableError, PublishError, UnknownCustomerKeyError } from '@tandem/messaging';
import { classifyOutboxFailure } from './outbox-failure';

describe('classifyOutboxFailure', () => {
  it.each([
    [
      'the gateway does not know the customer (404 CUSTOMER_NOT_FOUND)',
      new UnknownCustomerKeyError('the gateway does not know customer c1'),
      'UNKNOWN_CUSTOMER_KEY',
    ],
    [
      'the payload fails its schema',
      new InvalidEventError('INVALID_PAYLOAD', 'conversation.resolved: agentId required'),
      'INVALID_PAYLOAD',
    ],
    [
      'the row is not an event envelope',
      new InvalidEventError('INVALID_ENVELOPE', 'id: required'),
      'INVALID_ENVELOPE',
    ],
    [
      'personal text without a customer to seal it for',
      new InvalidEventError('UNSEALED_PERSONAL_DATA', 'needs a customerId'),
      'UNSEALED_PERSONAL_DATA',
    ],
  ])('%s → dead-lettered as %s', (_case, error, code) => {
    expect(classifyOutboxFailure(error)).toEqual({ permanent: true, code, message: error.message });
  });

  it.each([
    ['the key endpoint timed out or was down', new KeyUnavailableError('did not answer')],
    ['the key endpoint answered 503', new KeyUnavailableError('the gateway answered 503')],
    ['Kafka did not acknowledge', new PublishError('Kafka did not acknowledge within 5000 ms')],
    [
      'a 404 that is not the gateway’s "no such customer" (wrong GATEWAY_URL)',
      new Error('the gateway answered 404 for the key of c1'),
    ],
    ['the key endpoint refused the service token', new Error('the gateway answered 401')],
    [
      'an event type this build does not know (written by a newer instance mid-deploy)',
      new InvalidEventError('UNKNOWN_TYPE', 'unknown event type "conversation.paused"'),
    ],
    [
      'an event version newer than this build knows',
      new InvalidEventError('UNSUPPORTED_VERSION', 'version 2 is not supported (expected 1)'),
    ],
    ['something that is not even an Error', 'boom'],
  ])('%s → retried, never dropped', (_case, error) => {
    expect(classifyOutboxFailure(error)).toMatchObject({ permanent: false });
  });
});
