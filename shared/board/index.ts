export * from './board-types';
export * from './terminal-heartbeat';
