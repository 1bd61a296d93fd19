import type { IDataObject } from 'n8n-workflow';

import { outputBinaryField, storeDownload } from '../binary';
import { locatorPath, pathLocator } from '../fields';
import type { OperationDefinition } from '../types';

export const getPreview: OperationDefinition = {
	operation: 'getPreview',
	name: 'Get Preview',
	action: 'Get a preview of a file',
	description: 'Get a PDF preview of a document (or HTML for spreadsheets), as Dropbox shows it',
	routes: ['files/get_preview'],
	properties: [pathLocator('file', 'File', 'file'), outputBinaryField],
	async execute({ fn, itemIndex, dropbox, check, param }) {
		const path = locatorPath(check, 'File', param('file'), 'read');
		const { result, body } = await dropbox.download<IDataObject & { name: string }>('files/get_preview', { path });
		const isSheet = /\.(csv|ods|xls|xlsm|xlsx)$/i.test(result.name);
		const binary = await storeDownload(fn, itemIndex, body, `${result.name}.${isSheet ? 'html' : 'pdf'}`);
		return [{ json: result, binary: { [check.required('Put Output File in Field', param('binaryPropertyName'))]: binary } }];
	},
};
