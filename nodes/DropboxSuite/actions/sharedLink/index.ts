import type { ResourceDefinition } from '../types';
import { create } from './create.operation';
import { downloadFile } from './downloadFile.operation';
import { getMetadata } from './getMetadata.operation';
import { getOrCreate } from './getOrCreate.operation';
import { list } from './list.operation';
import { revoke } from './revoke.operation';
import { updateSettings } from './updateSettings.operation';

export const sharedLink: ResourceDefinition = {
	value: 'sharedLink',
	name: 'Shared Link',
	defaultOperation: 'getOrCreate',
	description: 'Create, find, change and revoke shared links, and download through them',
	operations: [create, downloadFile, getMetadata, getOrCreate, list, revoke, updateSettings],
};
