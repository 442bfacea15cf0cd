export * from './envelope';
export * from './events';
export * from './codec';
export * from './topics';
export * from './ids';
export * from './api';
export * from './signature';
export * from './personal-data';
