import type { IDataObject } from 'n8n-workflow';

import { outputBinaryField, storeDownload } from '../binary';
import { locatorPath, pathLocator } from '../fields';
import type { OperationDefinition } from '../types';

export const downloadZip: OperationDefinition = {
	operation: 'downloadZip',
	name: 'Download as ZIP',
	action: 'Download a folder as a ZIP file',
	description: 'Download a folder with everything in it as one ZIP file (folders under 20 GB and 10,000 entries)',
	routes: ['files/download_zip'],
	properties: [pathLocator('folder', 'Folder', 'folder'), outputBinaryField],
	async execute({ fn, itemIndex, dropbox, check, param }) {
		const path = locatorPath(check, 'Folder', param('folder'), 'read');
		const { result, body } = await dropbox.download<{ metadata: IDataObject & { name: string } }>('files/download_zip', { path });
		const binary = await storeDownload(fn, itemIndex, body, `${result.metadata.name || 'Dropbox'}.zip`);
		return [{ json: result.metadata, binary: { [check.required('Put Output File in Field', param('binaryPropertyName'))]: binary } }];
	},
};
