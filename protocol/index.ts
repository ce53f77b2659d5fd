export * from './errors.ts';
export * from './roles.ts';
export * from './auth.ts';
export * from './centres.ts';
export * from './alerts.ts';
export * from './stream.ts';
export * from './incidents.ts';
export type * from './socket.ts';
