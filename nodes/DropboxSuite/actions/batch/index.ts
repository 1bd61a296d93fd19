import type { ResourceDefinition } from '../types';
import { copyBatch, createFolderBatch, deleteBatch, moveBatch } from './batch';

export const batch: ResourceDefinition = {
	value: 'batch',
	name: 'Batch',
	description: 'Copy, move, delete or create many entries at once: every input item is one entry of a Dropbox batch call',
	operations: [copyBatch, createFolderBatch, deleteBatch, moveBatch],
};
