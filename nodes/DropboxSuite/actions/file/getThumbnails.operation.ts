import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { mimeTypeOf } from '../../../shared/mime';
import type { OperationDefinition } from '../types';
import { thumbnailArg, thumbnailFields, thumbnailName } from '../common/thumbnails';

/** Dropbox's limit for one files/get_thumbnail_batch call. */
const BATCH_LIMIT = 25;

interface ThumbnailEntry {
	'.tag': 'success' | 'failure';
	metadata?: IDataObject & { name: string; path_display: string };
	thumbnail?: string;
	failure?: IDataObject;
}

export const getThumbnails: OperationDefinition = {
	operation: 'getThumbnails',
	name: 'Get Many Thumbnails',
	action: 'Get thumbnails of many files',
	description: `Get thumbnails of up to ${BATCH_LIMIT} files in one call, one item per file`,
	routes: ['files/get_thumbnail_batch'],
	properties: [
		{
			displayName: 'File Paths',
			name: 'paths',
			type: 'string',
			typeOptions: { rows: 4 },
			required: true,
			default: '',
			placeholder: '/Photos/a.jpg, /Photos/b.jpg',
			description: `Paths or IDs of the files, separated by commas or new lines (at most ${BATCH_LIMIT})`,
		},
		...thumbnailFields,
		{
			displayName: 'Put Output File in Field',
			name: 'binaryPropertyName',
			type: 'string',
			default: 'data',
			required: true,
			hint: 'The name of the output binary field to put each thumbnail in',
		},
	],
	async execute({ fn, dropbox, check, param }) {
		const paths = check.list('File Paths', param('paths'), (p) => check.path('File Paths', p, 'read'));
		if (paths.length > BATCH_LIMIT)
			check.fail('File Paths', `has ${paths.length} paths`, `Dropbox makes at most ${BATCH_LIMIT} thumbnails per call; split the paths across items.`);
		const arg = thumbnailArg(param);
		const property = check.required('Put Output File in Field', param('binaryPropertyName'));
		const { entries } = await dropbox.rpc<{ entries: ThumbnailEntry[] }>('files/get_thumbnail_batch', {
			entries: paths.map((path) => ({ path, ...arg })),
		});
		const items: INodeExecutionData[] = [];
		for (const [index, entry] of entries.entries()) {
			if (entry['.tag'] !== 'success' || !entry.metadata || entry.thumbnail === undefined) {
				items.push({ json: { path: paths[index], success: false, error: entry.failure ?? entry } });
				continue;
			}
			const name = thumbnailName(entry.metadata.name, arg.format);
			const binary = await fn.helpers.prepareBinaryData(Buffer.from(entry.thumbnail, 'base64'), name, mimeTypeOf(name));
			items.push({ json: { path: paths[index], success: true, ...entry.metadata }, binary: { [property]: binary } });
		}
		return items;
	},
};
