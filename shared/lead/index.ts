export * from './lead-session';
