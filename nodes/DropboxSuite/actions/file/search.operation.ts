import type { IDataObject } from 'n8n-workflow';

import { paginate } from '../../../shared/paginate';
import { limitOf, returnAllProperties, simplified, simplifyMetadata, toItems } from '../common/output';
import { simplifyProperty } from '../common/options';
import type { OperationDefinition } from '../types';

interface Match extends IDataObject {
	metadata: { '.tag': string; metadata?: IDataObject };
}

/** Dropbox caps max_results per page at 1000. */
const PAGE_LIMIT = 1000;

export const search: OperationDefinition = {
	operation: 'search',
	name: 'Search',
	action: 'Search files and folders',
	description: 'Find files and folders by name and content (Dropbox\'s search index may lag behind recent changes)',
	routes: ['files/search_v2', 'files/search/continue_v2'],
	properties: [
		{
			displayName: 'Query',
			name: 'query',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'quarterly report',
			description: 'Words to look for in names (and content, for plans with content search)',
		},
		...returnAllProperties,
		{
			displayName: 'Filters',
			name: 'filters',
			type: 'collection',
			placeholder: 'Add filter',
			default: {},
			options: [
				{
					displayName: 'Categories',
					name: 'categories',
					type: 'multiOptions',
					options: [
						{ name: 'Audio', value: 'audio' },
						{ name: 'Document', value: 'document' },
						{ name: 'Folder', value: 'folder' },
						{ name: 'Image', value: 'image' },
						{ name: 'Other', value: 'others' },
						{ name: 'Paper', value: 'paper' },
						{ name: 'PDF', value: 'pdf' },
						{ name: 'Presentation', value: 'presentation' },
						{ name: 'Spreadsheet', value: 'spreadsheet' },
						{ name: 'Video', value: 'video' },
					],
					default: [],
				},
				{
					displayName: 'Deleted Files Only',
					name: 'deleted',
					type: 'boolean',
					default: false,
					description: 'Whether to search deleted files instead of active ones',
				},
				{
					displayName: 'File Extensions',
					name: 'extensions',
					type: 'string',
					default: '',
					placeholder: 'pdf, docx',
					description: 'Only files with these extensions, separated by commas',
				},
				{
					displayName: 'Filename Only',
					name: 'filenameOnly',
					type: 'boolean',
					default: false,
					description: 'Whether to match names only, not content',
				},
				{
					displayName: 'In Folder',
					name: 'path',
					type: 'string',
					default: '',
					placeholder: '/Reports',
					description: 'Only look inside this folder',
				},
				{
					displayName: 'Include Highlights',
					name: 'highlights',
					type: 'boolean',
					default: false,
					description: 'Whether to return which parts of the name matched (Simplify off)',
				},
				{
					displayName: 'Order By',
					name: 'orderBy',
					type: 'options',
					options: [
						{ name: 'Relevance', value: 'relevance' },
						{ name: 'Last Modified', value: 'last_modified_time' },
					],
					default: 'relevance',
				},
			],
		},
		simplifyProperty,
	],
	async execute({ dropbox, check, param }) {
		const query = check.required('Query', param('query'));
		const filters = param<IDataObject>('filters', {});
		const limit = limitOf(param);
		const options: IDataObject = {
			max_results: Math.min(limit ?? PAGE_LIMIT, PAGE_LIMIT),
			file_status: filters.deleted ? 'deleted' : 'active',
			filename_only: filters.filenameOnly === true,
			order_by: filters.orderBy ?? 'relevance',
		};
		if (filters.path) options.path = check.path('In Folder', filters.path, 'list');
		if (filters.extensions) options.file_extensions = check.extensions('File Extensions', filters.extensions);
		if (Array.isArray(filters.categories) && filters.categories.length) options.file_categories = filters.categories;
		const page = await paginate<Match>(dropbox, {
			route: 'files/search_v2',
			arg: { query, options, match_field_options: { include_highlights: filters.highlights === true } },
			continueRoute: 'files/search/continue_v2',
			itemsKey: 'matches',
			limit,
		});
		return toItems(simplified(param, page.items, (match) => simplifyMetadata(match.metadata.metadata ?? match.metadata)));
	},
};
