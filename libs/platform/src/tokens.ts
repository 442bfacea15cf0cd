/** Injection tokens for what the platform module provides. */
export const APP_CONFIG = Symbol('APP_CONFIG');
export const LOGGER = Symbol('LOGGER');
export const KAFKA = Symbol('KAFKA');
export const REDIS = Symbol('REDIS');
export const EVENT_CONSUMER = Symbol('EVENT_CONSUMER');
export const HEALTH_CHECKS = Symbol('HEALTH_CHECKS');
/** Where customers' keys come from (seals and opens personal fields on the log). */
export const CUSTOMER_KEYRING = Symbol('CUSTOMER_KEYRING');
