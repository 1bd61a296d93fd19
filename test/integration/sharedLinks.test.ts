// Every Shared Link operation through n8n's engine against the stand-in, which keeps links per account with their
// settings and enforces Dropbox's plan rules: Robin is on Pro, the outsider Mateo on Basic, the team on Business.
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { INodeParameters } from 'n8n-workflow';

import { mockSleep } from '../harness';
import { sharedLinks } from '../emulator/sharing/links';
import { useDropbox } from './dropbox';

mockSleep();

const dropbox = useDropbox();

const byPath = (value: string) => ({ __rl: true, mode: 'path', value });
const link = (operation: string, extra: INodeParameters = {}): INodeParameters => ({ resource: 'sharedLink', operation, ...extra });
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();
const ok = async (parameters: INodeParameters, options: Parameters<typeof dropbox.run>[1] = {}) => {
	const result = await dropbox.run(parameters, options);
	if (result.error) throw result.error;
	return result;
};
const mateo = () => {
	const found = [...dropbox.standIn.store.accounts.values()].find((account) => account.email === 'mateo.alvarez@example.org');
	if (!found) throw new Error('the stand-in has no outsider account');
	return found;
};
/** Runs as Mateo, the outsider on a Basic plan. */
const asMateo = { tokens: { account: '' } };
const linksTo = (path: string) => {
	const entry = dropbox.lookup(path);
	return sharedLinks(dropbox.standIn.store)
		.all()
		.filter((l) => l.entryId === entry?.id);
};

beforeAll(() => {
	asMateo.tokens.account = mateo().account_id;
});

describe('Create', () => {
	it('makes a public viewer link by default', async () => {
		dropbox.put('/Share/report.pdf', 'report bytes');
		const result = await ok(link('create', { path: byPath('/Share/report.pdf') }));
		const json = result.items[0].json;
		expect(json.url).toMatch(/^https:\/\/www\.dropbox\.com\/scl\/fi\/\w+\/report\.pdf\?rlkey=\w+&dl=0$/);
		expect(json).toMatchObject({ '.tag': 'file', name: 'report.pdf', path_lower: '/share/report.pdf' });
		expect(dropbox.requestsTo('sharing/create_shared_link_with_settings')[0].arg).toEqual({ path: '/Share/report.pdf' });
	});

	it('sets a password, an expiry, the editor access and no downloads on the Pro account', async () => {
		dropbox.put('/Share/big.iso', 'iso');
		const expires = inDays(7);
		const result = await ok(
			link('create', { path: byPath('/Share/big.iso'), access: 'editor', options: { password: 's3cret', expires, allowDownload: false } }),
		);
		expect(dropbox.requestsTo('sharing/create_shared_link_with_settings')[0].arg).toEqual({
			path: '/Share/big.iso',
			settings: { access: 'editor', require_password: true, link_password: 's3cret', expires: expires.replace(/\.\d{3}Z$/, 'Z'), allow_download: false },
		});
		expect(result.items[0].json).toMatchObject({
			expires: expires.replace(/\.\d{3}Z$/, 'Z'),
			link_permissions: { require_password: true, allow_download: false, link_access_level: { '.tag': 'editor' } },
		});
	});

	it('refuses a password and an expiry on the Basic account with Dropbox\'s reason and the plan that allows them', async () => {
		dropbox.standIn.store.putFile(mateo().home_namespace_id, '/cv.pdf', Buffer.from('cv'));
		const result = await dropbox.run(link('create', { path: byPath('/cv.pdf'), options: { password: 'x', expires: inDays(7) } }), asMateo);
		expect(result.error).toBeInstanceOf(NodeApiError);
		expect(result.error?.message).toBe('Dropbox: settings_error/not_authorized');
		const description = result.error?.description ?? '';
		expect(description).toContain('a password and an expiry date need a paid Dropbox plan (Plus, Essentials or Business');
		expect(description).toContain('Leave those settings out, or upgrade');
		expect(dropbox.requestsTo('sharing/create_shared_link_with_settings')).toHaveLength(1);
		expect(sharedLinks(dropbox.standIn.store).all().filter((l) => l.owner === mateo().account_id)).toEqual([]);
	});

	it('refuses the audience Team to an account outside a team, naming the plan', async () => {
		dropbox.put('/Share/team.txt', 't');
		const result = await dropbox.run(link('create', { path: byPath('/Share/team.txt'), audience: 'team' }));
		expect(result.error?.message).toBe('Dropbox: settings_error/not_authorized');
		expect(result.error?.description).toContain('the audience "Team" needs a Dropbox Business team account');
	});

	it('says to use Get or Create when the path has a link already', async () => {
		const result = await dropbox.run(link('create', { path: byPath('/Share/report.pdf') }));
		expect(result.error?.message).toBe('Dropbox: shared_link_already_exists/metadata');
		expect(result.error?.description).toContain('Get or Create');
	});

	it('after a lost answer, finds the link it made instead of failing or making a second', async () => {
		dropbox.put('/Share/lost.txt', 'l');
		dropbox.standIn.injectFault({ route: 'sharing/create_shared_link_with_settings', kind: 'lose_response' });
		const result = await ok(link('create', { path: byPath('/Share/lost.txt') }));
		expect(result.items[0].json.name).toBe('lost.txt');
		expect(dropbox.requestsTo('sharing/create_shared_link_with_settings')).toHaveLength(1);
		expect(dropbox.requestsTo('sharing/list_shared_links')[0].arg).toEqual({ path: '/Share/lost.txt', direct_only: true });
		expect(linksTo('/Share/lost.txt')).toHaveLength(1);
	});
});

describe('Get or Create', () => {
	it('creates a link once, then returns the same link twice in a row from Dropbox\'s answer', async () => {
		dropbox.put('/Share/once.txt', 'once');
		const first = await ok(link('getOrCreate', { path: byPath('/Share/once.txt') }));
		const second = await ok(link('getOrCreate', { path: byPath('/Share/once.txt') }));
		const third = await ok(link('getOrCreate', { path: byPath('/Share/once.txt') }));
		expect(second.items[0].json.url).toBe(first.items[0].json.url);
		expect(third.items[0].json.url).toBe(first.items[0].json.url);
		expect(second.error).toBeUndefined();
		expect(dropbox.requestsTo('sharing/create_shared_link_with_settings')).toHaveLength(3);
		// Without custom settings Dropbox carries the existing link's metadata: no listing needed.
		expect(dropbox.requestsTo('sharing/list_shared_links')).toHaveLength(0);
		expect(linksTo('/Share/once.txt')).toHaveLength(1);
	});

	it('with custom settings Dropbox carries no metadata: the link comes from the path\'s direct links', async () => {
		const expires = inDays(3);
		const result = await ok(link('getOrCreate', { path: byPath('/Share/once.txt'), options: { expires } }));
		expect(result.items[0].json.url).toBe(linksTo('/Share/once.txt')[0].url);
		expect(result.items[0].json.expires).toBeUndefined();
		expect(dropbox.requestsTo('sharing/list_shared_links').map((r) => r.arg)).toEqual([{ path: '/Share/once.txt', direct_only: true }]);
		expect(dropbox.requestsTo('sharing/modify_shared_link_settings')).toHaveLength(0);
		expect(linksTo('/Share/once.txt')).toHaveLength(1);
	});

	it('brings an existing link\'s settings in line when asked, and leaves it alone when it already is', async () => {
		const expires = inDays(5);
		const updated = await ok(link('getOrCreate', { path: byPath('/Share/once.txt'), updateExisting: true, options: { expires, password: 'pw' } }));
		expect(updated.items[0].json).toMatchObject({ expires: expires.replace(/\.\d{3}Z$/, 'Z'), link_permissions: { require_password: true } });
		expect(dropbox.requestsTo('sharing/modify_shared_link_settings')[0].arg).toMatchObject({
			settings: { audience: 'public', require_password: true, link_password: 'pw', expires: expires.replace(/\.\d{3}Z$/, 'Z') },
			remove_expiration: false,
		});
		dropbox.standIn.clearRequests();
		// Back to Dropbox's defaults: the password and the expiry go.
		const plain = await ok(link('getOrCreate', { path: byPath('/Share/once.txt'), updateExisting: true }));
		expect(plain.items[0].json.expires).toBeUndefined();
		expect(dropbox.requestsTo('sharing/modify_shared_link_settings')[0].arg).toMatchObject({ settings: { require_password: false }, remove_expiration: true });
		dropbox.standIn.clearRequests();
		await ok(link('getOrCreate', { path: byPath('/Share/once.txt'), updateExisting: true }));
		expect(dropbox.requestsTo('sharing/modify_shared_link_settings')).toHaveLength(0);
	});

	it('still fails with what the plan does not allow when there is no link yet', async () => {
		dropbox.standIn.store.putFile(mateo().home_namespace_id, '/notes.txt', Buffer.from('n'));
		const result = await dropbox.run(link('getOrCreate', { path: byPath('/notes.txt'), options: { expires: inDays(2) } }), asMateo);
		expect(result.error?.message).toBe('Dropbox: settings_error/not_authorized');
		expect(result.error?.description).toContain('an expiry date needs a paid Dropbox plan');
	});
});

describe('Get Metadata, Download File, List, Update Settings, Revoke', () => {
	let secretUrl = '';
	let folderUrl = '';
	beforeAll(async () => {
		dropbox.put('/Deliver/video.mp4', 'video bytes, many of them');
		dropbox.put('/Deliver/Pack/readme.txt', 'read me');
		secretUrl = String((await ok(link('create', { path: byPath('/Deliver/video.mp4'), options: { password: 'letmein', expires: inDays(7) } }))).items[0].json.url);
		folderUrl = String((await ok(link('create', { path: byPath('/Deliver/Pack') }))).items[0].json.url);
	});

	it('Get Metadata with the link\'s password, and of a file inside a folder link', async () => {
		const refused = await dropbox.run(link('getMetadata', { url: secretUrl }));
		expect(refused.error?.message).toBe('Dropbox: shared_link_access_denied');
		const meta = await ok(link('getMetadata', { url: secretUrl, options: { linkPassword: 'letmein' } }));
		expect(meta.items[0].json).toMatchObject({ name: 'video.mp4', link_permissions: { require_password: true } });
		const inside = await ok(link('getMetadata', { url: folderUrl, options: { pathInLink: '/readme.txt' } }));
		expect(inside.items[0].json).toMatchObject({ '.tag': 'file', name: 'readme.txt', size: 7 });
		expect(dropbox.requestsTo('sharing/get_shared_link_metadata').at(-1)?.arg).toEqual({ url: folderUrl, path: '/readme.txt' });
	});

	it('Download File through a password link, as another account, into n8n\'s binary store', async () => {
		const result = await ok(link('downloadFile', { url: secretUrl, binaryPropertyName: 'video', options: { linkPassword: 'letmein' } }), asMateo);
		expect(result.items[0].binary?.video).toMatchObject({ fileName: 'video.mp4', mimeType: 'video/mp4' });
		expect((await result.binary(result.items[0], 'video')).toString()).toBe('video bytes, many of them');
		expect(result.items[0].json).toMatchObject({ name: 'video.mp4' });
		expect(result.items[0].json.path_lower).toBeUndefined();
		const request = dropbox.requestsTo('sharing/get_shared_link_file')[0];
		expect(request.host).toBe('content.dropboxapi.com');
		const denied = await dropbox.run(link('downloadFile', { url: secretUrl }), asMateo);
		expect(denied.error?.message).toBe('Dropbox: shared_link_access_denied');
	});

	it('Download File of a file inside a folder link', async () => {
		const result = await ok(link('downloadFile', { url: folderUrl, options: { pathInLink: '/readme.txt' } }));
		expect((await result.binary(result.items[0])).toString()).toBe('read me');
	});

	it('List: every link with Limit across pages, Return All, a path\'s links, and Direct Only', async () => {
		const options = sharedLinks(dropbox.standIn.store).options;
		options.pageSize = 2;
		try {
			const limited = await ok(link('list', { limit: 3 }));
			expect(limited.items).toHaveLength(3);
			const calls = dropbox.requestsTo('sharing/list_shared_links');
			expect(calls).toHaveLength(2);
			expect(calls[1].arg).toEqual({ cursor: expect.any(String) });
			const all = await ok(link('list', { returnAll: true }));
			const robin = dropbox.standIn.store.personal().account_id;
			const live = sharedLinks(dropbox.standIn.store)
				.all()
				.filter((l) => l.owner === robin && dropbox.standIn.store.byEntryId(l.entryId));
			expect(all.items.map((item) => item.json.url).sort()).toEqual(live.map((l) => l.url).sort());
			expect(all.items.length).toBeGreaterThan(4);
		} finally {
			options.pageSize = 200;
		}
		const forPath = await ok(link('list', { path: byPath('/Deliver/Pack/readme.txt'), returnAll: true }));
		expect(forPath.items.map((item) => item.json.name)).toEqual(['Pack']);
		const direct = await ok(link('list', { path: byPath('/Deliver/Pack/readme.txt'), returnAll: true, options: { directOnly: true } }));
		expect(direct.items).toEqual([]);
	});

	it('Update Settings changes the expiry, then removes it; Revoke turns the link off', async () => {
		const expires = inDays(30);
		const changed = await ok(link('updateSettings', { url: folderUrl, updateFields: { expires, audience: 'public' } }));
		expect(changed.items[0].json.expires).toBe(expires.replace(/\.\d{3}Z$/, 'Z'));
		const cleared = await ok(link('updateSettings', { url: folderUrl, updateFields: { removeExpiration: true } }));
		expect(cleared.items[0].json.expires).toBeUndefined();
		expect(dropbox.requestsTo('sharing/modify_shared_link_settings').at(-1)?.arg).toEqual({ url: folderUrl, settings: {}, remove_expiration: true });
		const revoked = await ok(link('revoke', { url: folderUrl }));
		expect(revoked.items[0].json).toEqual({ url: folderUrl, revoked: true });
		const gone = await dropbox.run(link('getMetadata', { url: folderUrl }));
		expect(gone.error?.message).toBe('Dropbox: shared_link_not_found');
	});

	it('Revoke after a lost answer looks and reports the link revoked, without sending it again', async () => {
		dropbox.put('/Deliver/temp.txt', 't');
		const url = String((await ok(link('create', { path: byPath('/Deliver/temp.txt') }))).items[0].json.url);
		dropbox.standIn.clearRequests();
		dropbox.standIn.injectFault({ route: 'sharing/revoke_shared_link', kind: 'lose_response' });
		const result = await ok(link('revoke', { url }));
		expect(result.items[0].json).toEqual({ url, revoked: true });
		expect(dropbox.requestsTo('sharing/revoke_shared_link')).toHaveLength(1);
		expect(dropbox.requestsTo('sharing/get_shared_link_metadata')).toHaveLength(1);
	});

	it('an expired link answers shared_link_not_found', async () => {
		sharedLinks(dropbox.standIn.store).expire(secretUrl);
		const result = await dropbox.run(link('getMetadata', { url: secretUrl, options: { linkPassword: 'letmein' } }));
		expect(result.error?.message).toBe('Dropbox: shared_link_not_found');
	});
});

describe('bad input is refused before any call, naming the parameter', () => {
	const cases: Array<[string, INodeParameters, string]> = [
		['a URL that is not a Dropbox link (Get Metadata)', link('getMetadata', { url: 'https://example.com/file.pdf' }), 'Shared Link URL: "https://example.com/file.pdf" is not a Dropbox shared link'],
		['a Dropbox website address (Download File)', link('downloadFile', { url: 'https://www.dropbox.com/home/Reports' }), 'Shared Link URL: "https://www.dropbox.com/home/Reports" is not a Dropbox shared link'],
		['an empty URL from an expression (Revoke)', link('revoke', { url: '={{ $json.missing ?? "" }}' }), 'Shared Link URL: is empty'],
		['a URL that is not a Dropbox link (Update Settings)', link('updateSettings', { url: 'dropbox.com/s/abc', updateFields: { audience: 'public' } }), 'Shared Link URL: "dropbox.com/s/abc" is not a Dropbox shared link'],
		['an expiry in the past (Create)', link('create', { path: byPath('/Share/report.pdf'), options: { expires: '2020-01-01T00:00:00Z' } }), 'Expires: 2020-01-01T00:00:00.000Z is in the past'],
		['an expiry in the past (Get or Create)', link('getOrCreate', { path: byPath('/Share/report.pdf'), options: { expires: '2021-06-01T00:00:00Z' } }), 'Expires: 2021-06-01T00:00:00.000Z is in the past'],
		['an expiry in the past (Update Settings)', link('updateSettings', { url: 'https://www.dropbox.com/scl/fi/abc/x.txt?rlkey=k&dl=0', updateFields: { expires: '2022-01-01T00:00:00Z' } }), 'Expires: 2022-01-01T00:00:00.000Z is in the past'],
		['a password on a link for no one', link('create', { path: byPath('/Share/report.pdf'), audience: 'no_one', options: { password: 'x' } }), 'Password: cannot protect a link whose audience is "No One"'],
		['nothing to update', link('updateSettings', { url: 'https://www.dropbox.com/scl/fi/abc/x.txt?rlkey=k&dl=0' }), 'Update Fields: is empty'],
		['a relative path inside a folder link', link('getMetadata', { url: 'https://www.dropbox.com/scl/fo/abc/x?rlkey=k&dl=0', options: { pathInLink: 'a.txt' } }), 'Path Inside Folder Link: "a.txt" does not start with "/"'],
		['Direct Only without a path', link('list', { options: { directOnly: true } }), 'Direct Only: needs a file or folder'],
		['a relative path from an expression (Create)', link('create', { path: byPath('={{ "Share/report.pdf" }}') }), 'File or Folder: "Share/report.pdf" is a relative path'],
	];
	it.each(cases)('%s', async (_label, parameters, message) => {
		const result = await dropbox.run(parameters);
		expect(result.error).toBeInstanceOf(NodeOperationError);
		expect(result.error?.message).toBe(message);
		expect(result.error?.description).toBeTruthy();
		expect(dropbox.standIn.requests).toHaveLength(0);
	});
});
