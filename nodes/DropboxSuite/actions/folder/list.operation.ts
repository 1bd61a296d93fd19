import type { IDataObject } from 'n8n-workflow';

import { paginate } from '../../../shared/paginate';
import { locatorPath, pathLocator } from '../common/paths';
import { simplifyProperty } from '../common/options';
import { limitOf, returnAllProperties, simplified, simplifyMetadata, toItems } from '../common/output';
import type { OperationDefinition } from '../types';

/** Dropbox returns at most 2,000 entries a page. */
const PAGE_LIMIT = 2000;

export const list: OperationDefinition = {
	operation: 'list',
	name: 'List',
	action: 'List a folder',
	description: 'List the files and folders in a folder, or what changed since a cursor from an earlier run',
	routes: ['files/list_folder', 'files/list_folder/continue'],
	properties: [
		pathLocator('folder', 'Folder', 'folder', {
			required: false,
			hint: 'Leave empty or "/" for the root of the Dropbox; not used with Continue From Cursor',
		}),
		...returnAllProperties,
		simplifyProperty,
		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add option',
			default: {},
			options: [
				{
					displayName: 'Continue From Cursor',
					name: 'cursor',
					type: 'string',
					default: '',
					description: 'A cursor from an earlier run (Output "Page With Cursor"): list only what changed since then',
				},
				{ displayName: 'Include Deleted', name: 'includeDeleted', type: 'boolean', default: false, description: 'Whether to include entries for deleted files and folders' },
				{ displayName: 'Include Mounted Folders', name: 'includeMounted', type: 'boolean', default: true, description: 'Whether to include shared and team folders mounted in this folder' },
				{ displayName: 'Include Non-Downloadable Files', name: 'includeNonDownloadable', type: 'boolean', default: true, description: 'Whether to include files that can only be exported, such as Google Docs' },
				{
					displayName: 'Output',
					name: 'output',
					type: 'options',
					options: [
						{ name: 'One Item per Entry', value: 'entries', description: 'Each file and folder as its own item, with its metadata' },
						{
							name: 'Page With Cursor',
							value: 'page',
							description:
								'One item with the entries, the cursor and has_more, to continue later. With a Limit, the last page is kept whole (Dropbox\'s page size is approximate), so there may be a few more entries than the limit: the cursor continues exactly after the last one.',
						},
					],
					default: 'entries',
					description: 'Whether to give each entry its own item, or one item holding the entries and a cursor to list what changes later',
				},
				{ displayName: 'Recursive', name: 'recursive', type: 'boolean', default: false, description: 'Whether to list the contents of subfolders too' },
			],
		},
	],
	async execute({ dropbox, check, param }) {
		const options = param<IDataObject>('options', {});
		const limit = limitOf(param);
		const cursor = String(options.cursor ?? '').trim();
		const first = cursor
			? { route: 'files/list_folder/continue', arg: { cursor } }
			: {
					route: 'files/list_folder',
					arg: {
						path: locatorPath(check, 'Folder', param('folder', ''), 'list'),
						recursive: options.recursive === true,
						include_deleted: options.includeDeleted === true,
						include_mounted_folders: options.includeMounted !== false,
						include_non_downloadable_files: options.includeNonDownloadable !== false,
						limit: Math.min(limit ?? PAGE_LIMIT, PAGE_LIMIT),
					},
				};
		const asPage = options.output === 'page';
		const page = await paginate<IDataObject>(dropbox, {
			...first,
			continueRoute: 'files/list_folder/continue',
			itemsKey: 'entries',
			limit,
			// The cursor is handed out: it must continue after the last entry given, so the last page stays whole.
			atLimit: asPage ? 'wholePage' : 'trim',
		});
		const entries = simplified(param, page.items, simplifyMetadata);
		if (asPage) return toItems({ entries, cursor: page.cursor ?? null, has_more: page.hasMore });
		return toItems(entries);
	},
};
