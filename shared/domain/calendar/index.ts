export * from './dates';
export * from './holidays';
export * from './lunar';
export * from './working-time';
