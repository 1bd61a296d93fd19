// Browsing lists with a team app acting as admin: Request Options are checked against the routes the browsing
// itself calls (listing allows Select-Admin, search does not), before any request.
import type { IHttpRequestOptions, ILoadOptionsFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { searchFiles } from '../../nodes/DropboxSuite/methods/listSearch';

const ADMIN = 'dbmid:AAHhy7WsR0x-u4ZCqiDl5Fz5zvuL3kmspwU';

function adminContext() {
	const requests: IHttpRequestOptions[] = [];
	const fn = {
		getNode: () => ({ id: '1', name: 'Dropbox Suite', type: 'n8n-nodes-dropbox-suite.dropboxSuite', typeVersion: 1, position: [0, 0], parameters: {} }),
		getNodeParameter: () => ({ actAs: 'admin', teamMemberId: ADMIN }),
		getCredentials: async () => ({ appType: 'team' }),
		helpers: {
			httpRequestWithAuthentication: async (_type: string, options: IHttpRequestOptions) => {
				requests.push(options);
				return { entries: [], has_more: false };
			},
		},
	} as unknown as ILoadOptionsFunctions;
	return { fn, requests };
}

describe('resource locator lists for a team admin', () => {
	it('browses the Dropbox as admin with Select-Admin', async () => {
		const { fn, requests } = adminContext();
		await searchFiles.call(fn);
		expect(requests).toHaveLength(1);
		expect(requests[0].headers?.['Dropbox-API-Select-Admin']).toBe(ADMIN);
	});

	it('refuses to search as admin, naming the route, before any request', async () => {
		const { fn, requests } = adminContext();
		const failure = searchFiles.call(fn, 'report');
		await expect(failure).rejects.toBeInstanceOf(NodeOperationError);
		await expect(failure).rejects.toThrow('Act As: Dropbox does not let a team admin call "files/search_v2" as admin');
		expect(requests).toHaveLength(0);
	});
});
