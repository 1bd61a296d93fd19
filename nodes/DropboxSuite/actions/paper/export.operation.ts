import type { IDataObject } from 'n8n-workflow';

import type { InputChecker } from '../../../shared/validate';
import { downloadItem, outputBinaryField } from '../common/binary';
import { describeExport } from '../file/export.operation';
import type { ExportResult } from '../file/export.operation';
import type { OperationDefinition } from '../types';
import type { PaperFormat } from './common';
import { docLocator, docPath, exportText, FEATURES_ROUTE, formatOptions, IMPORT_FORMATS, requirePaperAsFiles } from './common';

function exportFormatOf(check: InputChecker, value: unknown): PaperFormat {
	const format = String(value ?? '').trim();
	if (!(IMPORT_FORMATS as readonly string[]).includes(format))
		check.fail('Export Format', `"${format}" is not a format Dropbox exports Paper docs in`, 'Use html, markdown or plain_text.');
	return format as PaperFormat;
}

export const exportDoc: OperationDefinition = {
	operation: 'export',
	name: 'Export',
	action: 'Export a Paper doc',
	description: 'Read a Paper doc\'s content as Markdown, HTML or plain text, with its Paper revision',
	routes: ['files/export', FEATURES_ROUTE],
	properties: [
		docLocator,
		{ displayName: 'Export Format', name: 'exportFormat', type: 'options', options: formatOptions, default: 'markdown' },
		{
			displayName: 'Output',
			name: 'output',
			type: 'options',
			options: [
				{ name: 'Text in JSON', value: 'text', description: 'The content in the field "content" of the output item' },
				{ name: 'Binary File', value: 'binary', description: 'The content as a file (.md, .html or .txt) in a binary field' },
			],
			default: 'text',
		},
		{ ...outputBinaryField, displayOptions: { show: { output: ['binary'] } } },
	],
	async execute(ctx) {
		const { check, param } = ctx;
		const path = docPath(ctx, 'read');
		const format = exportFormatOf(check, param('exportFormat'));
		const asBinary = param<string>('output', 'text') === 'binary';
		if (asBinary) check.required('Put Output File in Field', param('binaryPropertyName'));
		await requirePaperAsFiles(ctx);
		// The File → Export path: the same call, result and hash check; only the output differs.
		if (asBinary) return await downloadItem<ExportResult>(ctx, 'files/export', { path, export_format: format }, describeExport);
		const { json, text } = await exportText(ctx, path, format);
		return [{ json: { ...json, content: text } as IDataObject }];
	},
};
