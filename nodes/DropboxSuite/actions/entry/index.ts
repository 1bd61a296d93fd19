// Operations that work on any entry, file or folder alike (one implementation each, offered under both resources).
export { copyOperation } from './copy.operation';
export { deleteOperation } from './delete.operation';
export { getMetadataOperation } from './getMetadata.operation';
export { moveOperation } from './move.operation';
export { renameOperation } from './rename.operation';
