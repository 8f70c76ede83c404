export * from './review-items';
