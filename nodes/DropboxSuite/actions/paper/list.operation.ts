import type { IDataObject } from 'n8n-workflow';

import { paginate } from '../../../shared/paginate';
import { optionsCollection } from '../common/options';
import { limitOf, returnAllProperties, toItems } from '../common/output';
import { locatorPath, pathLocator } from '../common/paths';
import type { OperationDefinition } from '../types';
import { FEATURES_ROUTE, isPaperDoc, requirePaperAsFiles } from './common';

/** Dropbox returns at most 2,000 entries a page; Paper docs are usually few among them, so pages are full size. */
const PAGE_LIMIT = 2000;

export const list: OperationDefinition = {
	operation: 'list',
	name: 'List',
	action: 'List Paper docs',
	description: 'List the Paper docs (.paper files) in a folder',
	routes: ['files/list_folder', 'files/list_folder/continue', FEATURES_ROUTE],
	properties: [
		pathLocator('folder', 'Folder', 'folder', { required: false, hint: 'Leave empty or "/" for the root of the Dropbox' }),
		...returnAllProperties,
		optionsCollection([
			{ displayName: 'Recursive', name: 'recursive', type: 'boolean', default: false, description: 'Whether to list the Paper docs in subfolders too' },
		]),
	],
	async execute(ctx) {
		const { dropbox, check, param } = ctx;
		const path = locatorPath(check, 'Folder', param('folder', ''), 'list');
		const options = param<IDataObject>('options', {});
		await requirePaperAsFiles(ctx);
		const page = await paginate<IDataObject>(dropbox, {
			route: 'files/list_folder',
			// Paper docs can only be exported, never downloaded: they are listed only with non-downloadable files.
			arg: { path, recursive: options.recursive === true, include_non_downloadable_files: true, limit: PAGE_LIMIT },
			continueRoute: 'files/list_folder/continue',
			itemsKey: 'entries',
			limit: limitOf(param),
			keep: isPaperDoc,
		});
		return toItems(page.items);
	},
};
