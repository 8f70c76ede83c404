export * from './work-state';
export * from './quantity-plausibility';
