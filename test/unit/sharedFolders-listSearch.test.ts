// The shared folder and member lists of the resource locators, against the stand-in (plain HTTP, Host header).
import type { IHttpRequestOptions, ILoadOptionsFunctions } from 'n8n-workflow';

import { searchMountableFolders, searchSharedFolderMembers, searchSharedFolders } from '../../nodes/DropboxSuite/methods/sharedFolders';
import { startDropboxStandIn } from '../emulator';
import { standInRpc } from './standInRpc';

type StandIn = Awaited<ReturnType<typeof startDropboxStandIn>>;
let standIn: StandIn;

const post = (token: string, url: string, body: unknown) => standInRpc(standIn.port, token, url, body);

/** A load-options context for one account, with the node's current Shared Folder parameter. */
function context(token: string, sharedFolder?: unknown) {
	return {
		getNode: () => ({ id: '1', name: 'Dropbox Suite', type: 'n8n-nodes-dropbox-suite.dropboxSuite', typeVersion: 1, position: [0, 0], parameters: {} }),
		getNodeParameter: () => ({}),
		getCurrentNodeParameter: (name: string) => (name === 'sharedFolder' ? sharedFolder : undefined),
		getCredentials: async () => ({ appType: 'user' }),
		helpers: { httpRequestWithAuthentication: async (_type: string, options: IHttpRequestOptions) => await post(token, String(options.url), options.body) },
	} as unknown as ILoadOptionsFunctions;
}

let robin = '';
let mateo = '';
let mateoId = '';
let folderId = '';

beforeAll(async () => {
	standIn = await startDropboxStandIn();
	robin = standIn.issueTokens().access_token;
	mateoId = [...standIn.store.accounts.values()].find((a) => a.email.startsWith('mateo'))!.account_id;
	mateo = standIn.issueTokens({ account: mateoId }).access_token;
	standIn.store.ensureFolder(standIn.store.personal().home_namespace_id, '/Zephyr');
	standIn.store.ensureFolder(standIn.store.personal().home_namespace_id, '/Apollo');
	folderId = ((await post(robin, 'https://api.dropboxapi.com/2/sharing/share_folder', { path: '/Zephyr' })) as { shared_folder_id: string }).shared_folder_id;
	await post(robin, 'https://api.dropboxapi.com/2/sharing/share_folder', { path: '/Apollo' });
	await post(robin, 'https://api.dropboxapi.com/2/sharing/add_folder_member', {
		shared_folder_id: folderId,
		members: [{ member: { '.tag': 'dropbox_id', dropbox_id: mateoId } }, { member: { '.tag': 'email', email: 'guest@example.com' } }],
	});
});
afterAll(async () => await standIn.stop());

describe('shared folder lists', () => {
	it('lists my shared folders by path with their IDs, filtered by name', async () => {
		const all = await searchSharedFolders.call(context(robin));
		expect(all.results.map((r) => [r.name, r.value])).toEqual(expect.arrayContaining([['/Zephyr', folderId]]));
		expect(all.results).toHaveLength(2);
		const some = await searchSharedFolders.call(context(robin), 'zeph');
		expect(some.results.map((r) => r.value)).toEqual([folderId]);
		expect(some.results[0].url).toMatch(/^https:\/\/www\.dropbox\.com\/scl\/fo\//);
	});

	it('lists the collaborator’s invitations for Mount, not his own folders', async () => {
		const mountable = await searchMountableFolders.call(context(mateo));
		expect(mountable.results.map((r) => [r.name, r.value])).toEqual([['Zephyr', folderId]]);
		expect((await searchSharedFolders.call(context(mateo))).results).toEqual([]);
	});

	it('lists the members of the folder chosen above, by ID or by path', async () => {
		for (const chosen of [{ mode: 'id', value: folderId }, { mode: 'path', value: '/Zephyr' }, { mode: 'url', value: 'https://www.dropbox.com/home/Zephyr' }]) {
			const members = await searchSharedFolderMembers.call(context(robin, { __rl: true, ...chosen }));
			expect(members.results.map((r) => r.value)).toEqual([standIn.store.personal().account_id, mateoId, 'guest@example.com']);
		}
		const filtered = await searchSharedFolderMembers.call(context(robin, { __rl: true, mode: 'id', value: folderId }), 'mateo');
		expect(filtered.results.map((r) => r.name)).toEqual(['Mateo Álvarez <mateo.alvarez@example.org>: viewer']);
		await expect(searchSharedFolderMembers.call(context(robin, { __rl: true, mode: 'list', value: '' }))).rejects.toThrow('Choose the shared folder first');
	});
});
