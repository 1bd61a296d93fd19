import type { IDataObject } from 'n8n-workflow';

import { optionsCollection } from '../common/options';
import { toItems } from '../common/output';
import type { OperationDefinition } from '../types';
import { linkPasswordOption, openLinkArg, pathInLinkOption, sharedLinkUrl, urlField } from './common';

export const getMetadata: OperationDefinition = {
	operation: 'getMetadata',
	name: 'Get Metadata',
	action: 'Get a shared link\'s metadata',
	description: 'Get what a shared link points at and its settings, or a file or folder inside a folder link',
	routes: ['sharing/get_shared_link_metadata'],
	properties: [urlField, optionsCollection([linkPasswordOption, pathInLinkOption])],
	async execute({ dropbox, check, param }) {
		const arg = openLinkArg(check, sharedLinkUrl(check, param('url')), param<IDataObject>('options', {}));
		return toItems(await dropbox.rpc<IDataObject>('sharing/get_shared_link_metadata', arg));
	},
};
