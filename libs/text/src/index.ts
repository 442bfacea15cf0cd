export * from './segment';
export * from './terms';
export * from './language';
export * from './human-request';
export * from './personal-data';
