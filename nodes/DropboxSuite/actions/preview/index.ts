import { exportFile } from '../file/export.operation';
import { getPreview } from '../file/getPreview.operation';
import { getThumbnail } from '../file/getThumbnail.operation';
import { getThumbnails } from '../file/getThumbnails.operation';
import type { ResourceDefinition } from '../types';

export const preview: ResourceDefinition = {
	value: 'preview',
	name: 'Preview and Export',
	defaultOperation: 'getThumbnail',
	description: 'Get a file in another form: thumbnail images, a PDF or HTML preview, or an export of a Paper doc or Google Doc',
	operations: [exportFile, getPreview, getThumbnail, getThumbnails],
};
