// The many-item operations: every input item is one entry of a Dropbox batch call. They are not a resource of
// their own: each sits beside its single-item operation under File and Folder (Delete → Delete Many), where a
// person looks for "delete these files". Their values end in "Many" so that they never collide with the
// single-item operations of the same resource.
import type { OperationDefinition } from '../types';
import { copyBatch } from './copy.operation';
import { createFolderBatch } from './createFolder.operation';
import { deleteBatch } from './delete.operation';
import { getJobStatus } from './getJobStatus.operation';
import { moveBatch } from './move.operation';

export { getJobStatus };

export const copyMany: OperationDefinition = { ...copyBatch, operation: 'copyMany', name: 'Copy Many' };
export const moveMany: OperationDefinition = { ...moveBatch, operation: 'moveMany', name: 'Move Many' };
export const deleteMany: OperationDefinition = { ...deleteBatch, operation: 'deleteMany', name: 'Delete Many' };
/** Folder → Create Many: one folder per input item (Folder → Create From List takes many paths in one item). */
export const createFolderMany: OperationDefinition = { ...createFolderBatch, operation: 'createFolderMany', name: 'Create Many' };
