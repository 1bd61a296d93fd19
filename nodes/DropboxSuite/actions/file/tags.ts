// Add Tags and Remove Tags: the routes take one tag per call, so a list of tags is a call per tag.
import type { INodeExecutionData } from 'n8n-workflow';

import type { InputChecker } from '../../../shared/validate';
import { toItems } from '../common/output';
import { locatorPath, pathLocator } from '../common/paths';
import type { OperationContext } from '../types';

export const taggedEntryLocator = pathLocator('file', 'File or Folder', 'any');

export const tagsField = {
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

/** Sends each tag of Tags to `route` for the entry; the item names the entry and the tags under `field`. */
export async function changeTags(
	{ dropbox, check, param }: OperationContext,
	route: 'files/tags/add' | 'files/tags/remove',
	field: 'added' | 'removed',
): Promise<INodeExecutionData[]> {
	const path = locatorPath(check, 'File or Folder', param('file'), 'writeOrId');
	const tags = tagList(check, param('tags'));
	for (const tag of tags) await dropbox.rpc(route, { path, tag_text: tag });
	return toItems({ path, [field]: tags });
}
