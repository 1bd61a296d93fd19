export * from './client';
export * from './errors';
export * from './jobs';
export * from './paginate';
export * from './retry';
export * from './types';
export * from './validate';
