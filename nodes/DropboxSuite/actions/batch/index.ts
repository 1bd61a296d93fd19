import type { ResourceDefinition } from '../types';
import { copyBatch } from './copy.operation';
import { createFolderBatch } from './createFolder.operation';
import { deleteBatch } from './delete.operation';
import { getJobStatus } from './getJobStatus.operation';
import { moveBatch } from './move.operation';

export const batch: ResourceDefinition = {
	value: 'batch',
	name: 'Batch',
	defaultOperation: 'delete',
	description: 'Copy, move, delete or create many entries at once (every input item is one entry of a Dropbox batch call), and check on their jobs',
	operations: [copyBatch, createFolderBatch, deleteBatch, getJobStatus, moveBatch],
};
