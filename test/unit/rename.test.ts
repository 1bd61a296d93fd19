// Rename by ID of an entry Dropbox shows without a path (outside the folders the account sees): a clear error
// before any move, never a move to "undefined/...".
import type { IDataObject, IExecuteFunctions, INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { renameOperation } from '../../nodes/DropboxSuite/actions/entry';
import type { OperationContext } from '../../nodes/DropboxSuite/actions/types';
import type { DropboxClient } from '../../nodes/shared/client';
import { InputChecker } from '../../nodes/shared/validate';

const node = { id: '1', name: 'Dropbox Suite', type: 'x', typeVersion: 1, position: [0, 0], parameters: {} } as INode;

it('fails naming the parameter, and does not call move_v2', async () => {
	const routes: string[] = [];
	const dropbox = {
		rpc: async (route: string) => {
			routes.push(route);
			return { '.tag': 'file', id: 'id:outside', name: 'shared.pdf' } as IDataObject;
		},
	} as unknown as DropboxClient;
	const params: IDataObject = { file: { __rl: true, mode: 'id', value: 'id:outside' }, newName: 'renamed.pdf', options: {} };
	const context: OperationContext = {
		fn: {} as IExecuteFunctions,
		itemIndex: 0,
		dropbox,
		check: new InputChecker(node, 0),
		param: <T>(name: string, fallback?: T) => (params[name] ?? fallback) as T,
	};
	const failure = renameOperation('file').execute!(context);
	await expect(failure).rejects.toBeInstanceOf(NodeOperationError);
	await expect(failure).rejects.toThrow('File: Dropbox shows no path for "id:outside"');
	expect(routes).toEqual(['files/get_metadata']);
});
