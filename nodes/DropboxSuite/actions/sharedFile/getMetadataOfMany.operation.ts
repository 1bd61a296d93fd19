import type { IDataObject } from 'n8n-workflow';

import { toItems } from '../common/output';
import { manyFilesOperation } from './manyFiles';

export const getMetadataOfMany = manyFilesOperation({
	operation: 'getMetadataOfMany',
	name: 'Get Sharing Metadata of Many Files',
	action: 'Get the sharing metadata of many files',
	description: 'Get the sharing metadata of every input item\'s file in one Dropbox call per 100 files, one output item per file',
	route: 'sharing/get_file_metadata/batch',
	properties: [],
	settings: () => ({}),
	arg: (files) => ({ files }),
	async outcome(_ctx, _file, result) {
		// The union's tag ("metadata") is no field of the file's metadata.
		const metadata: IDataObject = { ...result };
		delete metadata['.tag'];
		return toItems(metadata);
	},
});
