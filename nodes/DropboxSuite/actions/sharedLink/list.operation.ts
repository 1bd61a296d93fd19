import type { IDataObject } from 'n8n-workflow';

import { paginate } from '../../../shared/paginate';
import { optionsCollection } from '../common/options';
import { locatorPath, pathLocator } from '../common/paths';
import { limitOf, returnAllProperties, toItems } from '../common/output';
import type { OperationDefinition } from '../types';

export const list: OperationDefinition = {
	operation: 'list',
	name: 'List',
	action: 'List shared links',
	description: 'List the shared links of the account, or those that give access to one file or folder',
	routes: ['sharing/list_shared_links'],
	properties: [
		pathLocator('path', 'File or Folder', 'any', {
			required: false,
			default: { mode: 'path', value: '' },
			hint: 'Leave empty for every shared link of the account',
		}),
		...returnAllProperties,
		optionsCollection([
			{
				displayName: 'Direct Only',
				name: 'directOnly',
				type: 'boolean',
				default: false,
				description: 'Whether to leave out links to the folders above the file or folder (needs File or Folder)',
			},
		]),
	],
	async execute({ dropbox, check, param }) {
		const raw = param<{ value?: string } | string>('path', '');
		const given = String(typeof raw === 'object' ? (raw?.value ?? '') : raw).trim();
		const options = param<IDataObject>('options', {});
		const arg: IDataObject = {};
		if (given) arg.path = locatorPath(check, 'File or Folder', raw, 'read');
		if (options.directOnly) {
			if (!given) check.fail('Direct Only', 'needs a file or folder', 'Fill in File or Folder, or turn Direct Only off to list every link of the account.');
			arg.direct_only = true;
		}
		// Dropbox pages the account's links with a cursor given back to the same route; a path's links come at once.
		const page = await paginate<IDataObject>(dropbox, {
			route: 'sharing/list_shared_links',
			arg,
			continueRoute: 'sharing/list_shared_links',
			itemsKey: 'links',
			limit: limitOf(param),
		});
		return toItems(page.items);
	},
};
