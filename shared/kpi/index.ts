export * from './calendar';
export * from './intervals';
export * from './kpi';
export * from './station-timeline';
