import type { IDataObject } from 'n8n-workflow';

import { toItems } from '../common/output';
import type { OperationDefinition } from '../types';
import { docLocator, docPath, FEATURES_ROUTE, isPaperDoc, requirePaperAsFiles } from './common';

export const get: OperationDefinition = {
	operation: 'get',
	name: 'Get',
	action: 'Get a Paper doc',
	description: 'Get the metadata of a Paper doc (its Paper revision comes with Export)',
	routes: ['files/get_metadata', FEATURES_ROUTE],
	properties: [docLocator],
	async execute(ctx) {
		const { check, dropbox } = ctx;
		const path = docPath(ctx, 'read');
		await requirePaperAsFiles(ctx);
		const metadata = await dropbox.rpc<IDataObject>('files/get_metadata', { path });
		// An "id:..." may name any file: only now can it be told.
		if (!isPaperDoc(metadata))
			check.fail('Doc', `"${path}" is ${metadata['.tag'] === 'folder' ? 'a folder' : `the file "${String(metadata.name)}"`}, not a Paper doc`, 'Choose a .paper file, or use the File resource for other files.');
		return toItems(metadata);
	},
};
