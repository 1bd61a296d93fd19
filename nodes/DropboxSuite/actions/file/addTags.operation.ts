import type { OperationDefinition } from '../types';
import { changeTags, taggedEntryLocator, tagsField } from './tags';

export const addTags: OperationDefinition = {
	operation: 'addTags',
	name: 'Add Tags',
	action: 'Add tags to a file or folder',
	description: 'Add one or more tags to a file or folder',
	routes: ['files/tags/add'],
	properties: [taggedEntryLocator, tagsField],
	execute: async (ctx) => await changeTags(ctx, 'files/tags/add', 'added'),
};
