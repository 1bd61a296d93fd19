import { listRevisions } from '../file/listRevisions.operation';
import { restore } from '../file/restore.operation';
import type { ResourceDefinition } from '../types';

export const fileRevision: ResourceDefinition = {
	value: 'fileRevision',
	name: 'File Revision',
	defaultOperation: 'listRevisions',
	description: 'List the earlier versions of a file and restore one (also brings back deleted files)',
	operations: [listRevisions, restore],
};
