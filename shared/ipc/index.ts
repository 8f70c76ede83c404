export * from './channels';
export * from './contract';
export * from './events';
export * from './terminal-health';
