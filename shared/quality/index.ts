export * from './verdict';
export * from './checklist';
export { displayDecimals } from './display';
