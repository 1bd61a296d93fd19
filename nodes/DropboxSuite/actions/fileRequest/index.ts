import type { ResourceDefinition } from '../types';
import { count } from './count.operation';
import { create } from './create.operation';
import { deleteRequests } from './delete.operation';
import { deleteAllClosed } from './deleteAllClosed.operation';
import { get } from './get.operation';
import { list } from './list.operation';
import { update } from './update.operation';

export const fileRequest: ResourceDefinition = {
	value: 'fileRequest',
	name: 'File Request',
	defaultOperation: 'create',
	description: 'Collect files from anyone through a link that uploads into a folder of yours',
	operations: [count, create, deleteRequests, deleteAllClosed, get, list, update],
};
