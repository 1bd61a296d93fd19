import type { FileMetadata } from '../../../shared/upload';
import { downloadItem, outputBinaryField } from '../common/binary';
import { locatorPath, pathLocator } from '../common/paths';
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
	async execute(ctx) {
		const { check, param } = ctx;
		const path = locatorPath(check, 'File', param('file'), 'read');
		const arg: Record<string, string> = { path };
		if (param('rev', '')) arg.rev = check.rev('Revision', param('rev'));
		return await downloadItem<FileMetadata>(ctx, 'files/download', arg, (result) => ({
			json: result,
			fileName: result.name,
			hash: result.content_hash,
		}));
	},
};
