import { copyOperation, deleteOperation, getMetadataOperation, moveOperation, renameOperation } from '../entry';
import type { ResourceDefinition } from '../types';
import { create } from './create.operation';
import { createMany } from './createMany.operation';
import { downloadZip } from './downloadZip.operation';
import { list } from './list.operation';

export const folder: ResourceDefinition = {
	value: 'folder',
	name: 'Folder',
	defaultOperation: 'list',
	description: 'Create, list and manage folders',
	operations: [
		copyOperation('folder'),
		create,
		createMany,
		deleteOperation('folder'),
		downloadZip,
		getMetadataOperation('folder'),
		list,
		moveOperation('folder'),
		renameOperation('folder'),
	],
};
