// Moved to ./common (paths.ts, write.ts); these names stay for the modules that still import them from here.
export { locatorPath, pathLocator } from './common/paths';
export { commitInfo, writeOptionFields } from './common/write';
