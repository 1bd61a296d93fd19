import type { IDataObject } from 'n8n-workflow';

import type { InputChecker } from '../../../shared/validate';
import { locatorPath, pathLocator } from '../fields';
import { toItems } from '../output';
import type { OperationDefinition } from '../types';

const tagsField = {
	displayName: 'Tags',
	name: 'tags',
	type: 'string' as const,
	required: true,
	default: '',
	placeholder: 'invoice, 2026',
	description: 'Tags separated by commas; letters, digits and underscores (Dropbox stores them in lower case)',
};

/** Dropbox tag text: letters, digits and underscores, at most 32 characters. */
function tagList(check: InputChecker, value: unknown): string[] {
	return check.list('Tags', value, (tag) => {
		const text = tag.replace(/^#/, '');
		if (!/^[\p{L}\p{N}_]{1,32}$/u.test(text))
			check.fail('Tags', `"${tag}" is not a valid tag`, 'Tags are 1 to 32 letters, digits or underscores, without spaces.');
		return text;
	});
}

function tagChange(operation: 'addTags' | 'removeTags'): OperationDefinition {
	const route = operation === 'addTags' ? 'files/tags/add' : 'files/tags/remove';
	const verb = operation === 'addTags' ? 'Add' : 'Remove';
	return {
		operation,
		name: `${verb} Tags`,
		action: `${verb} tags ${operation === 'addTags' ? 'to' : 'from'} a file or folder`,
		description: `${verb} one or more tags ${operation === 'addTags' ? 'to' : 'from'} a file or folder`,
		routes: [route],
		properties: [pathLocator('file', 'File or Folder', 'any'), tagsField],
		async execute({ dropbox, check, param }) {
			const path = locatorPath(check, 'File or Folder', param('file'), 'writeOrId');
			const tags = tagList(check, param('tags'));
			// The route takes one tag per call.
			for (const tag of tags) await dropbox.rpc(route, { path, tag_text: tag });
			return toItems({ path, [operation === 'addTags' ? 'added' : 'removed']: tags });
		},
	};
}

export const addTags = tagChange('addTags');
export const removeTags = tagChange('removeTags');

export const getTags: OperationDefinition = {
	operation: 'getTags',
	name: 'Get Tags',
	action: 'Get the tags of a file or folder',
	description: 'Get the tags of a file or folder',
	routes: ['files/tags/get'],
	properties: [pathLocator('file', 'File or Folder', 'any')],
	async execute({ dropbox, check, param }) {
		const path = locatorPath(check, 'File or Folder', param('file'), 'read');
		const result = await dropbox.rpc<{ paths_to_tags: Array<{ path: string; tags: IDataObject[] }> }>('files/tags/get', { paths: [path] });
		const entry = result.paths_to_tags[0];
		return toItems({ path: entry?.path ?? path, tags: (entry?.tags ?? []).map((tag) => String(tag.tag_text)) });
	},
};
