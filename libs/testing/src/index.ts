export * from './eventually';
export * from './stack';
export * from './fake-openai';
export * from './openapi-structure';
