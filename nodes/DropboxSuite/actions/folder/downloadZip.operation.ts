import type { IDataObject } from 'n8n-workflow';

import { downloadItem, outputBinaryField } from '../common/binary';
import { locatorPath, pathLocator } from '../common/paths';
import type { OperationDefinition } from '../types';

export const downloadZip: OperationDefinition = {
	operation: 'downloadZip',
	name: 'Download as ZIP',
	action: 'Download a folder as a ZIP file',
	description: 'Download a folder with everything in it as one ZIP file (folders under 20 GB and 10,000 entries)',
	routes: ['files/download_zip'],
	properties: [pathLocator('folder', 'Folder', 'folder'), outputBinaryField],
	async execute(ctx) {
		const path = locatorPath(ctx.check, 'Folder', ctx.param('folder'), 'read');
		return await downloadItem<{ metadata: IDataObject & { name: string } }>(ctx, 'files/download_zip', { path }, (result) => ({
			json: result.metadata,
			fileName: `${result.metadata.name || 'Dropbox'}.zip`,
		}));
	},
};
