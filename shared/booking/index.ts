export * from './booking';
export * from './payloads';
