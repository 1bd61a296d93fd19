import { addTags } from '../file/addTags.operation';
import { getTags } from '../file/getTags.operation';
import { removeTags } from '../file/removeTags.operation';
import type { ResourceDefinition } from '../types';

export const tag: ResourceDefinition = {
	value: 'tag',
	name: 'Tag',
	defaultOperation: 'addTags',
	description: 'Add, get and remove the tags of files and folders',
	operations: [addTags, getTags, removeTags],
};
