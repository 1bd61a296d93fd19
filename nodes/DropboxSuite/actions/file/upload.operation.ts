import type { IDataObject } from 'n8n-workflow';

import { DEFAULT_CHUNK_BYTES, MAX_PARALLEL_CHUNKS, uploadStream } from '../../../shared/upload';
import { binarySource, uploadSourceFields } from '../common/binary';
import { optionsCollection } from '../common/options';
import { toItems } from '../common/output';
import { pathField } from '../common/paths';
import { commitInfo, markWrittenField, markedCommit, writeOptionFields } from '../common/write';
import type { OperationDefinition } from '../types';

const MiB = 1024 * 1024;
const defaultChunkMiB = DEFAULT_CHUNK_BYTES / MiB;

async function* textSource(text: string): AsyncGenerator<Buffer> {
	yield Buffer.from(text, 'utf8');
}

export const upload: OperationDefinition = {
	operation: 'upload',
	name: 'Upload',
	action: 'Upload a file',
	description: 'Upload a file of any size from a binary field or from text; large files go up in chunks',
	routes: [
		'files/upload',
		'files/upload_session/start',
		'files/upload_session/append_v2',
		'files/upload_session/finish',
		'files/get_metadata',
	],
	properties: [
		pathField('path', 'File Path', '/Reports/2026/summary.pdf', 'Where to put the file in Dropbox, with its name'),
		...uploadSourceFields,
		optionsCollection([
			...writeOptionFields,
			markWrittenField,
			{
				displayName: 'Upload Chunk Size (MiB)',
				name: 'chunkSizeMiB',
				type: 'number',
				typeOptions: { minValue: 4, maxValue: 148 },
				default: defaultChunkMiB,
				description: 'Files larger than this go up in pieces of this size (rounded down to whole 4 MiB); memory use follows it',
			},
			{
				displayName: 'Parallel Chunks',
				name: 'parallelChunks',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: MAX_PARALLEL_CHUNKS },
				default: 1,
				description:
					'How many pieces of a large file to send at once. Above 1, Dropbox receives them in parallel (faster on a distant or slow connection); memory use is this many pieces.',
			},
		]),
	],
	async execute({ fn, itemIndex, dropbox, check, param }) {
		const path = check.path('File Path', param('path'), 'write');
		const options = param<IDataObject>('options', {});
		const commit = await markedCommit(fn, commitInfo(check, path, options), options);
		const source =
			param<string>('source', 'binary') === 'text'
				? textSource(String(param('text', '')))
				: (await binarySource(fn, itemIndex, check, check.required('Input Binary Field', param('binaryPropertyName')))).source;
		const chunkBytes = Number(options.chunkSizeMiB ?? defaultChunkMiB) * MiB;
		const parallelChunks = Number(options.parallelChunks ?? 1);
		return toItems(await uploadStream(dropbox, fn.getNode(), commit, source, { chunkBytes, parallelChunks, itemIndex }));
	},
};
