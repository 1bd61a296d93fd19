import type { IDataObject } from 'n8n-workflow';

import { toItems } from '../common/output';
import { locatorPath } from '../common/paths';
import type { OperationDefinition } from '../types';
import { taggedEntryLocator } from './tags';

export const getTags: OperationDefinition = {
	operation: 'getTags',
	name: 'Get Tags',
	action: 'Get the tags of a file or folder',
	description: 'Get the tags of a file or folder',
	routes: ['files/tags/get'],
	properties: [taggedEntryLocator],
	async execute({ dropbox, check, param }) {
		const path = locatorPath(check, 'File or Folder', param('file'), 'read');
		const result = await dropbox.rpc<{ paths_to_tags: Array<{ path: string; tags: IDataObject[] }> }>('files/tags/get', { paths: [path] });
		const entry = result.paths_to_tags[0];
		return toItems({ path: entry?.path ?? path, tags: (entry?.tags ?? []).map((tag) => String(tag.tag_text)) });
	},
};
