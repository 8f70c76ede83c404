export * from './work-state';
