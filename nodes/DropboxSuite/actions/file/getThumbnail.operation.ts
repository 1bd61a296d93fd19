import type { FileMetadata } from '../../../shared/upload';
import { downloadItem, outputBinaryField } from '../common/binary';
import { locatorPath, pathLocator } from '../common/paths';
import type { OperationDefinition } from '../types';
import { thumbnailArg, thumbnailFields, thumbnailName } from '../common/thumbnails';

export const getThumbnail: OperationDefinition = {
	operation: 'getThumbnail',
	name: 'Get Thumbnail',
	action: 'Get a thumbnail of a file',
	description: 'Get a thumbnail image of a photo, video or document',
	routes: ['files/get_thumbnail_v2'],
	properties: [pathLocator('file', 'File', 'file'), ...thumbnailFields, outputBinaryField],
	async execute(ctx) {
		const path = locatorPath(ctx.check, 'File', ctx.param('file'), 'read');
		const arg = thumbnailArg(ctx.param);
		return await downloadItem<{ file_metadata?: FileMetadata }>(ctx, 'files/get_thumbnail_v2', { resource: { '.tag': 'path', path }, ...arg }, (result) => ({
			json: result,
			fileName: thumbnailName(result.file_metadata?.name ?? path.split('/').pop() ?? 'thumbnail', arg.format),
		}));
	},
};
