export * from './count-aggregator';
export * from './counter';
export * from './settings';
export * from './signals';
export * from './state-debouncer';
export * from './state-engine';
