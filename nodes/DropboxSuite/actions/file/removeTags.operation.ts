import type { OperationDefinition } from '../types';
import { changeTags, taggedEntryLocator, tagsField } from './tags';

export const removeTags: OperationDefinition = {
	operation: 'removeTags',
	name: 'Remove Tags',
	action: 'Remove tags from a file or folder',
	description: 'Remove one or more tags from a file or folder',
	routes: ['files/tags/remove'],
	properties: [taggedEntryLocator, tagsField],
	execute: async (ctx) => await changeTags(ctx, 'files/tags/remove', 'removed'),
};
