import type { IDataObject } from 'n8n-workflow';

import { outputBinaryField, storeDownload } from '../binary';
import { locatorPath, pathLocator } from '../fields';
import type { OperationDefinition } from '../types';

export const exportFile: OperationDefinition = {
	operation: 'export',
	name: 'Export',
	action: 'Export a file',
	description: 'Export a file that cannot be downloaded as is, such as a Paper doc or a Google Doc, in a format it offers',
	routes: ['files/export'],
	properties: [
		pathLocator('file', 'File', 'file'),
		{
			displayName: 'Export Format',
			name: 'exportFormat',
			type: 'string',
			default: '',
			placeholder: 'markdown',
			description: 'One of the formats in the file\'s export_info.export_options (for Paper: html or markdown); empty uses the default format',
		},
		outputBinaryField,
	],
	async execute({ fn, itemIndex, dropbox, check, param }) {
		const path = locatorPath(check, 'File', param('file'), 'read');
		const arg: IDataObject = { path };
		const format = String(param('exportFormat', '')).trim();
		if (format) arg.export_format = format;
		const { result, body } = await dropbox.download<{ export_metadata: IDataObject & { name: string }; file_metadata: IDataObject }>('files/export', arg);
		const exportHash = result.export_metadata.export_hash as string | undefined;
		const binary = await storeDownload(fn, itemIndex, body, result.export_metadata.name, exportHash);
		return [{ json: result as unknown as IDataObject, binary: { [check.required('Put Output File in Field', param('binaryPropertyName'))]: binary } }];
	},
};
