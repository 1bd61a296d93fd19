import type { IDataObject } from 'n8n-workflow';

import { downloadItem, outputBinaryField } from '../common/binary';
import { locatorPath, pathLocator } from '../common/paths';
import type { OperationDefinition } from '../types';

export const getPreview: OperationDefinition = {
	operation: 'getPreview',
	name: 'Get Preview',
	action: 'Get a preview of a file',
	description: 'Get a PDF preview of a document (or HTML for spreadsheets), as Dropbox shows it',
	routes: ['files/get_preview'],
	properties: [pathLocator('file', 'File', 'file'), outputBinaryField],
	async execute(ctx) {
		const path = locatorPath(ctx.check, 'File', ctx.param('file'), 'read');
		return await downloadItem<IDataObject & { name: string }>(ctx, 'files/get_preview', { path }, (result) => ({
			json: result,
			// Dropbox previews spreadsheets as HTML, everything else as PDF.
			fileName: `${result.name}.${/\.(csv|ods|xls|xlsm|xlsx)$/i.test(result.name) ? 'html' : 'pdf'}`,
		}));
	},
};
