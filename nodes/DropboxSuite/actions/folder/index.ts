import { copyMany, createFolderMany, deleteMany, moveMany } from '../batch';
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
	description: 'Create, list, copy, move and delete folders, one or many at a time',
	operations: [
		copyOperation('folder'),
		copyMany,
		create,
		// "Many" means one entry per input item, as everywhere; this one takes a list of paths in one item.
		{ ...createMany, name: 'Create From List', action: 'Create folders from a list of paths' },
		createFolderMany,
		deleteOperation('folder'),
		deleteMany,
		downloadZip,
		getMetadataOperation('folder'),
		list,
		moveOperation('folder'),
		moveMany,
		renameOperation('folder'),
	],
};
