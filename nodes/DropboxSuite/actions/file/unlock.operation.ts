import { filePathsField } from '../common/paths';
import type { OperationDefinition } from '../types';
import { lockBatch } from './locks';

export const unlock: OperationDefinition = {
	operation: 'unlock',
	name: 'Unlock',
	action: 'Unlock files',
	description: 'Release your edit locks on files',
	routes: ['files/unlock_file_batch'],
	properties: [filePathsField],
	execute: async (ctx) => await lockBatch(ctx, 'files/unlock_file_batch'),
};
