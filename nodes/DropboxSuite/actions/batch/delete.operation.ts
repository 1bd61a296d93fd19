import { lookup } from '../../../shared/reconcile';
import { locatorPath, pathLocator } from '../common/paths';
import { batchOperation } from './batchOperation';

export const deleteBatch = batchOperation(
	{
		operation: 'delete',
		name: 'Delete',
		action: 'Delete many files or folders',
		description: 'Delete every input item\'s entry in Dropbox batch calls, one output item per input item',
		launchRoute: 'files/delete_batch',
		job: 'deleteBatch',
		properties: [pathLocator('path', 'File or Folder', 'any')],
		entry: ({ check, param }) => ({ path: locatorPath(check, 'File or Folder', param('path'), 'writeOrId') }),
		arg: (entries) => ({ entries }),
		async done(dropbox, { path }) {
			return (await lookup(dropbox, String(path))) === null ? {} : undefined;
		},
		whatToCheck: ({ path }) => `whether "${String(path)}" is gone`,
	},
	'deleted',
);
