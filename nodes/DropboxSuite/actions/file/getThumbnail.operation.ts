import type { FileMetadata } from '../../../shared/upload';
import { outputBinaryField, storeDownload } from '../binary';
import { locatorPath, pathLocator } from '../fields';
import type { OperationDefinition } from '../types';
import { thumbnailArg, thumbnailFields, thumbnailName } from './thumbnailFields';

export const getThumbnail: OperationDefinition = {
	operation: 'getThumbnail',
	name: 'Get Thumbnail',
	action: 'Get a thumbnail of a file',
	description: 'Get a thumbnail image of a photo, video or document',
	routes: ['files/get_thumbnail_v2'],
	properties: [pathLocator('file', 'File', 'file'), ...thumbnailFields, outputBinaryField],
	async execute({ fn, itemIndex, dropbox, check, param }) {
		const path = locatorPath(check, 'File', param('file'), 'read');
		const arg = thumbnailArg(param);
		const { result, body } = await dropbox.download<{ file_metadata?: FileMetadata }>('files/get_thumbnail_v2', {
			resource: { '.tag': 'path', path },
			...arg,
		});
		const name = thumbnailName(result.file_metadata?.name ?? path.split('/').pop() ?? 'thumbnail', arg.format);
		const binary = await storeDownload(fn, itemIndex, body, name);
		return [{ json: result, binary: { [check.required('Put Output File in Field', param('binaryPropertyName'))]: binary } }];
	},
};
