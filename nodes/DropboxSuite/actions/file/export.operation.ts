import type { IDataObject } from 'n8n-workflow';

import { downloadItem, outputBinaryField } from '../common/binary';
import { locatorPath, pathLocator } from '../common/paths';
import type { OperationDefinition } from '../types';

/** What files/export answers; paper_revision is there for Paper docs. */
export type ExportResult = {
	export_metadata: IDataObject & { name: string; export_hash?: string; paper_revision?: number };
	file_metadata: IDataObject;
};

/** The output item's JSON and the exported file's name and hash, for downloadItem and downloadText. */
export const describeExport = (result: ExportResult) => ({
	json: result as unknown as IDataObject,
	fileName: result.export_metadata.name,
	hash: result.export_metadata.export_hash,
});

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
			description: 'One of the formats in the file\'s export_info.export_options (for Paper: html, markdown or plain_text); empty uses the default format',
		},
		outputBinaryField,
	],
	async execute(ctx) {
		const arg: IDataObject = { path: locatorPath(ctx.check, 'File', ctx.param('file'), 'read') };
		const format = String(ctx.param('exportFormat', '')).trim();
		if (format) arg.export_format = format;
		return await downloadItem<ExportResult>(ctx, 'files/export', arg, describeExport);
	},
};
