export * from './sync';
export * from './routes';
export * from './outcome';
export * from './sync-client';
export * from './pending-export';
