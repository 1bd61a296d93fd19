import type { ResourceDefinition } from '../types';
import { create } from './create.operation';
import { exportDoc } from './export.operation';
import { get } from './get.operation';
import { list } from './list.operation';
import { update } from './update.operation';

export const paper: ResourceDefinition = {
	value: 'paper',
	name: 'Paper',
	defaultOperation: 'create',
	description: 'Create, update, export and list Paper docs (.paper files)',
	operations: [create, exportDoc, get, list, update],
};
