// Moved to ./common/requestOptions.ts; these names stay for the modules that still import them from here.
export type { AppType } from './common/requestOptions';
export { adminAllowed, clientOptionsFor, requestOptionsProperties } from './common/requestOptions';
