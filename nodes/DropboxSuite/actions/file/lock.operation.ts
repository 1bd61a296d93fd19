import { filePathsField } from '../common/paths';
import type { OperationDefinition } from '../types';
import { lockBatch } from './locks';

export const lock: OperationDefinition = {
	operation: 'lock',
	name: 'Lock',
	action: 'Lock files for editing',
	description: 'Lock files so that only you can edit them',
	routes: ['files/lock_file_batch'],
	properties: [filePathsField],
	execute: async (ctx) => await lockBatch(ctx, 'files/lock_file_batch'),
};
