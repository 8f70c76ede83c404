export * from './board-types';
export * from './terminal-heartbeat';
export * from './board-heartbeat';
