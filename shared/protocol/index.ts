export * from './sync';
export * from './pending-export';
