// Moved to ./common/output.ts; these names stay for the modules that still import them from here.
export { limitOf, returnAllProperties, simplifyProperty, toItems } from './common/output';
