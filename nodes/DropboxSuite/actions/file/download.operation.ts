import type { FileMetadata } from '../../../shared/upload';
import { outputBinaryField, storeDownload } from '../binary';
import { locatorPath, pathLocator } from '../fields';
import type { OperationDefinition } from '../types';

export const download: OperationDefinition = {
	operation: 'download',
	name: 'Download',
	action: 'Download a file',
	description: 'Download a file into a binary field, streamed and checked against its content hash',
	routes: ['files/download'],
	properties: [
		pathLocator('file', 'File', 'file'),
		outputBinaryField,
		{
			displayName: 'Revision',
			name: 'rev',
			type: 'string',
			default: '',
			placeholder: 'a1c10ce0dd78',
			description: 'An older revision to download instead of the current one (see List Revisions)',
		},
	],
	async execute({ fn, itemIndex, dropbox, check, param }) {
		const path = locatorPath(check, 'File', param('file'), 'read');
		const arg: Record<string, string> = { path };
		if (param('rev', '')) arg.rev = check.rev('Revision', param('rev'));
		const { result, body } = await dropbox.download<FileMetadata>('files/download', arg);
		const binary = await storeDownload(fn, itemIndex, body, result.name, result.content_hash);
		const property = check.required('Put Output File in Field', param('binaryPropertyName'));
		return [{ json: result, binary: { [property]: binary } }];
	},
};
