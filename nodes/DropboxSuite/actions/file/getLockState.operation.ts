import { filePathsField } from '../common/paths';
import type { OperationDefinition } from '../types';
import { lockBatch } from './locks';

export const getLockState: OperationDefinition = {
	operation: 'getLockState',
	name: 'Get Lock State',
	action: 'Get the lock state of files',
	description: 'Tell who holds the edit lock of each file, if anyone',
	routes: ['files/get_file_lock_batch'],
	properties: [filePathsField],
	execute: async (ctx) => await lockBatch(ctx, 'files/get_file_lock_batch'),
};
