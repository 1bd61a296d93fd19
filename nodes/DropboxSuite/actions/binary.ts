// Moved to ./common/binary.ts; these names stay for the modules that still import them from here.
export { binaryPropertyField, binarySource, downloadItem, outputBinaryField } from './common/binary';
