export * from './principal';
export * from './tokens';
export * from './api-keys';
export * from './secret-box';
