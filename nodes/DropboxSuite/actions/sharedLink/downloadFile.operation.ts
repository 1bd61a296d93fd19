import type { IDataObject } from 'n8n-workflow';

import { downloadItem, outputBinaryField } from '../common/binary';
import { optionsCollection } from '../common/options';
import type { OperationDefinition } from '../types';
import { linkPasswordOption, openLinkArg, pathInLinkOption, sharedLinkUrl, urlField } from './common';

export const downloadFile: OperationDefinition = {
	operation: 'downloadFile',
	name: 'Download File',
	action: 'Download a file through a shared link',
	description: 'Download the file of a shared link, or a file inside a folder link, into a binary field, streamed',
	routes: ['sharing/get_shared_link_file'],
	properties: [urlField, outputBinaryField, optionsCollection([linkPasswordOption, pathInLinkOption])],
	async execute(ctx) {
		const { check, param } = ctx;
		const arg = openLinkArg(check, sharedLinkUrl(check, param('url')), param<IDataObject>('options', {}));
		// A link's metadata carries no content hash, so the bytes are stored as they come.
		return await downloadItem<IDataObject>(ctx, 'sharing/get_shared_link_file', arg, (result) => ({ json: result, fileName: String(result.name) }));
	},
};
