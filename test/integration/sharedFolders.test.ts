// Every Shared Folder operation through n8n's engine against the stand-in, with a second person (the outsider
// Mateo, on a Basic plan) as the collaborator.
import type { INodeParameters } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { routeInfo } from '../../nodes/shared/client';
import { mockSleep } from '../harness';
import { useDropbox } from './dropbox';

mockSleep();

const dropbox = useDropbox();

type Params = Record<string, unknown>;
const sf = (operation: string, extra: Params = {}) => ({ resource: 'sharedFolder', operation, ...extra });
const byId = (value: string) => ({ __rl: true, mode: 'id', value });
const fromList = (value: string) => ({ __rl: true, mode: 'list', value });
const byPath = (value: string) => ({ __rl: true, mode: 'path', value });
const byUrl = (value: string) => ({ __rl: true, mode: 'url', value });
const byEmail = (value: string) => ({ __rl: true, mode: 'email', value });

const mateo = () => [...dropbox.standIn.store.accounts.values()].find((a) => a.email.startsWith('mateo'))!;
const zoe = () => dropbox.standIn.store.members.get(dropbox.standIn.team.members[0].team_member_id)!;
const asMateo = () => ({ credential: dropbox.credential({ account: mateo().account_id }) });

const ok = async (parameters: Params, options: Parameters<typeof dropbox.run>[1] = {}) => {
	const result = await dropbox.run(parameters as INodeParameters, options);
	if (result.error) throw result.error;
	return result;
};
const json = async (parameters: Params, options: Parameters<typeof dropbox.run>[1] = {}) => (await ok(parameters, options)).items.map((item) => item.json);

let counter = 0;
/** A new folder with a file in Robin's Dropbox, shared; its shared_folder_id. */
async function sharedFolder(name = `Project ${++counter}`) {
	dropbox.put(`/${name}/brief.txt`, 'brief');
	const [shared] = await json(sf('share', { folder: byPath(`/${name}`) }));
	return { name, id: String(shared.shared_folder_id) };
}

describe('Shared Folder', () => {
	it('Share, Get (by ID, path and URL), List, Update Policy and Set Access Inheritance', async () => {
		dropbox.put('/Apollo/plan.txt', 'plan');
		const [shared] = await json(sf('share', { folder: byPath('/Apollo'), options: { aclUpdatePolicy: 'owner', viewerInfoPolicy: 'disabled' } }));
		expect(shared).toMatchObject({ status: 'complete', name: 'Apollo', path_display: '/Apollo', access_type: { '.tag': 'owner' } });
		expect(dropbox.requestsTo('sharing/share_folder')[0].arg).toEqual({ path: '/Apollo', acl_update_policy: 'owner', viewer_info_policy: 'disabled' });
		const id = String(shared.shared_folder_id);
		expect(dropbox.lookup('/Apollo')?.mountedNamespaceId).toBe(id);

		for (const locator of [byId(id), fromList(id), byPath('/apollo'), byUrl('https://www.dropbox.com/home/Apollo')]) {
			const [got] = await json(sf('get', { sharedFolder: locator }));
			expect(got.shared_folder_id).toBe(id);
		}
		const listed = await json(sf('list', { returnAll: true }));
		expect(listed.map((f) => f.shared_folder_id)).toContain(id);
		// Simplify (on by default) keeps the scalar fields and a tag-only union as its tag; raw keeps the policy.
		const simple = listed.find((f) => f.shared_folder_id === id);
		expect(simple).toMatchObject({ name: 'Apollo', access_type: 'owner' });
		expect(Object.values(simple ?? {}).filter((v) => v !== null && typeof v === 'object')).toEqual([]);
		const raw = (await json(sf('list', { returnAll: true, simplify: false }))).find((f) => f.shared_folder_id === id);
		expect(raw).toMatchObject({ access_type: { '.tag': 'owner' }, policy: expect.objectContaining({ acl_update_policy: { '.tag': 'owner' } }) });

		const [policy] = await json(sf('updatePolicy', { sharedFolder: byId(id), updateFields: { aclUpdatePolicy: 'editors', sharedLinkPolicy: 'members' } }));
		expect(policy.policy).toMatchObject({ acl_update_policy: { '.tag': 'editors' }, shared_link_policy: { '.tag': 'members' }, viewer_info_policy: { '.tag': 'disabled' } });
		const [inheritance] = await json(sf('setAccessInheritance', { sharedFolder: byId(id), accessInheritance: 'no_inherit' }));
		expect(inheritance).toMatchObject({ status: 'complete', access_inheritance: { '.tag': 'no_inherit' } });
	});

	it('Share returns a folder that is shared already instead of failing', async () => {
		const { name, id } = await sharedFolder();
		const [again] = await json(sf('share', { folder: byPath(`/${name}`) }));
		expect(again).toMatchObject({ status: 'complete', already_shared: true, shared_folder_id: id });
	});

	it('Share waits through a job that takes several polls, or returns the job ID', async () => {
		dropbox.standIn.filesOptions.asyncJobPolls = 3;
		try {
			for (let i = 0; i < 60; i++) dropbox.put(`/Large/f${i}.txt`, `${i}`);
			const [shared] = await json(sf('share', { folder: byPath('/Large') }));
			expect(dropbox.requestsTo('sharing/share_folder')[0].status).toBe(200);
			expect(dropbox.requestsTo('sharing/check_share_job_status')).toHaveLength(4);
			expect(shared).toMatchObject({ status: 'complete', name: 'Large', path_display: '/Large' });

			for (let i = 0; i < 60; i++) dropbox.put(`/Large 2/f${i}.txt`, `${i}`);
			const [launched] = await json(sf('share', { folder: byPath('/Large 2'), wait: false }));
			expect(launched).toEqual({ status: 'in_progress', async_job_id: expect.stringMatching(/^dbjid:/) });
		} finally {
			dropbox.standIn.filesOptions.asyncJobPolls = 1;
		}
	});

	it('Share after a lost answer looks at the folder instead of sharing twice', async () => {
		dropbox.put('/Lost/x.txt', 'x');
		dropbox.standIn.injectFault({ route: 'sharing/share_folder', kind: 'lose_response' });
		const [shared] = await json(sf('share', { folder: byPath('/Lost') }));
		expect(shared).toMatchObject({ status: 'complete', name: 'Lost' });
		expect(dropbox.requestsTo('sharing/share_folder')).toHaveLength(1);
		expect(dropbox.requestsTo('files/get_metadata').length).toBeGreaterThan(0);
	});

	it('Add Members: 30 people as a list in one call, then List Members with Return All and Limit', async () => {
		const { id } = await sharedFolder();
		const emails = Array.from({ length: 30 }, (_, i) => `guest${i}@example.com`);
		const [added] = await json(sf('addMembers', { sharedFolder: byId(id), members: emails.join(', '), accessLevel: 'editor', options: { customMessage: 'Welcome', quiet: true } }));
		expect((added.members as unknown[]).length).toBe(30);
		const calls = dropbox.requestsTo('sharing/add_folder_member');
		expect(calls).toHaveLength(1);
		expect(calls[0].arg).toMatchObject({ quiet: true, custom_message: 'Welcome' });
		const all = await json(sf('listMembers', { sharedFolder: byId(id), returnAll: true }));
		expect(all).toHaveLength(31);
		expect(all.filter((m) => m.kind === 'invitee').map((m) => (m.invitee as { email: string }).email).sort()).toEqual([...emails].sort());
		const some = await json(sf('listMembers', { sharedFolder: byId(id), limit: 5 }));
		expect(some).toHaveLength(5);
	});

	it('Add Members: one member per input item, as a Set node would give them', async () => {
		const { id } = await sharedFolder();
		const items = Array.from({ length: 30 }, (_, i) => ({ json: { email: `item${i}@example.org` } }));
		const result = await ok(sf('addMembers', { sharedFolder: byId(id), members: '={{ $json.email }}' }), { items });
		expect(result.items).toHaveLength(30);
		expect(result.items[29].pairedItem).toEqual({ item: 29 });
		const all = await json(sf('listMembers', { sharedFolder: byId(id), returnAll: true }));
		expect(all).toHaveLength(31);
	});

	it('Add Members: an expression giving an array, or another node\'s member objects', async () => {
		const { id } = await sharedFolder();
		await ok(sf('addMembers', { sharedFolder: byId(id), members: '={{ ["ana@example.com", "BOB@example.com", "ana@example.com"] }}' }));
		expect(dropbox.requestsTo('sharing/add_folder_member')[0].arg).toMatchObject({
			members: [
				{ member: { '.tag': 'email', email: 'ana@example.com' }, access_level: 'viewer' },
				{ member: { '.tag': 'email', email: 'BOB@example.com' }, access_level: 'viewer' },
			],
		});
		await ok(sf('addMembers', { sharedFolder: byId(id), members: '={{ $json.people }}' }), {
			items: [{ json: { people: [{ email: 'cleo@example.com' }, { user: { account_id: mateo().account_id } }] } }],
		});
		expect(dropbox.requestsTo('sharing/add_folder_member')[1].arg).toMatchObject({
			members: [{ member: { '.tag': 'email', email: 'cleo@example.com' } }, { member: { '.tag': 'dropbox_id', dropbox_id: mateo().account_id } }],
		});
	});

	it('a collaborator sees the invitation in List Mountable, mounts it, then relinquishes it keeping a copy', async () => {
		const { name, id } = await sharedFolder();
		await ok(sf('addMembers', { sharedFolder: byId(id), members: mateo().email, accessLevel: 'editor' }));
		const mountable = await json(sf('listMountable', { returnAll: true }), asMateo());
		expect(mountable.map((f) => f.shared_folder_id)).toContain(id);
		const [mounted] = await json(sf('mount', { sharedFolder: fromList(id) }), asMateo());
		expect(mounted).toMatchObject({ path_display: `/${name}`, access_type: { '.tag': 'editor' } });
		const mine = await json(sf('list', { returnAll: true }), asMateo());
		expect(mine.map((f) => f.shared_folder_id)).toContain(id);
		expect(dropbox.standIn.store.lookup(mateo().home_namespace_id, `/${name}`)?.mountedNamespaceId).toBe(id);

		const [unmounted] = await json(sf('unmount', { sharedFolder: byId(id) }), asMateo());
		expect(unmounted).toEqual({ shared_folder_id: id, mounted: false });
		expect(dropbox.standIn.store.lookup(mateo().home_namespace_id, `/${name}`)).toBeUndefined();
		await ok(sf('mount', { sharedFolder: byId(id) }), asMateo());

		const [left] = await json(sf('relinquishMembership', { sharedFolder: byPath(`/${name}`), leaveCopy: true }), asMateo());
		expect(left).toEqual({ shared_folder_id: id, status: 'complete' });
		expect(dropbox.requestsTo('sharing/check_job_status').length).toBeGreaterThan(0);
		const copy = dropbox.standIn.store.lookup(mateo().home_namespace_id, `/${name}/brief.txt`);
		expect(copy?.tag).toBe('file');
		const members = await json(sf('listMembers', { sharedFolder: byId(id), returnAll: true }));
		expect(members.map((m) => (m.user as { account_id?: string } | undefined)?.account_id)).not.toContain(mateo().account_id);
	});

	it('Update Member Access, Transfer Ownership (by email) and back, Remove Member with a copy', async () => {
		const { name, id } = await sharedFolder();
		await ok(sf('addMembers', { sharedFolder: byId(id), members: [mateo().account_id] }));
		await ok(sf('mount', { sharedFolder: byId(id) }), asMateo());
		const [updated] = await json(sf('updateMemberAccess', { sharedFolder: byId(id), member: fromList(mateo().account_id), accessLevel: 'editor' }));
		expect(updated).toMatchObject({ access_level: { '.tag': 'editor' } });

		const [transferred] = await json(sf('transferOwnership', { sharedFolder: byId(id), newOwner: byEmail(mateo().email) }));
		expect(transferred).toEqual({ shared_folder_id: id, new_owner: mateo().account_id });
		const [asRobin] = await json(sf('get', { sharedFolder: byId(id) }));
		expect(asRobin.access_type).toEqual({ '.tag': 'editor' });
		await ok(sf('transferOwnership', { sharedFolder: byId(id), newOwner: fromList(dropbox.standIn.defaultAccount.account_id) }), asMateo());

		const [removed] = await json(sf('removeMember', { sharedFolder: byId(id), member: byEmail(mateo().email), leaveCopy: true }));
		expect(removed).toMatchObject({ shared_folder_id: id, status: 'complete' });
		expect(dropbox.requestsTo('sharing/check_remove_member_job_status').length).toBeGreaterThan(0);
		expect(dropbox.standIn.store.lookup(mateo().home_namespace_id, `/${name}/brief.txt`)?.tag).toBe('file');
	});

	it.each([false, true])('Unshare (leave a copy: %s): the member loses the folder or keeps a copy; the owner keeps it', async (leaveCopy) => {
		const { name, id } = await sharedFolder();
		await ok(sf('addMembers', { sharedFolder: byId(id), members: zoe().email }));
		await ok(sf('mount', { sharedFolder: byId(id) }), { credential: dropbox.credential({ account: zoe().account_id }) });
		const [unshared] = await json(sf('unshare', { sharedFolder: byId(id), leaveCopy }));
		expect(unshared).toEqual({ shared_folder_id: id, status: 'complete' });
		expect(dropbox.lookup(`/${name}/brief.txt`)?.tag).toBe('file');
		expect(dropbox.lookup(`/${name}`)?.mountedNamespaceId).toBeUndefined();
		const theirs = dropbox.standIn.store.lookup(zoe().home_namespace_id, `/${name}/brief.txt`);
		expect(Boolean(theirs)).toBe(leaveCopy);
	});

	it('Unshare without waiting returns the job', async () => {
		const { id } = await sharedFolder();
		const [launched] = await json(sf('unshare', { sharedFolder: byId(id), wait: false }));
		expect(launched).toEqual({ shared_folder_id: id, status: 'in_progress', async_job_id: expect.stringMatching(/^dbjid:/) });
	});

	it('Dropbox refusals carry a hint: a viewer adding members, an owner leaving, an unknown folder', async () => {
		const { id } = await sharedFolder();
		await ok(sf('addMembers', { sharedFolder: byId(id), members: mateo().email, accessLevel: 'viewer' }));
		await ok(sf('mount', { sharedFolder: byId(id) }), asMateo());
		const byViewer = await dropbox.run(sf('addMembers', { sharedFolder: byId(id), members: 'friend@example.com' }), asMateo());
		expect(byViewer.error).toBeInstanceOf(NodeApiError);
		expect(byViewer.error?.message).toMatch(/no_permission/);
		expect(byViewer.error?.description).toMatch(/Ask the owner/);
		const owner = await dropbox.run(sf('relinquishMembership', { sharedFolder: byId(id) }));
		expect(owner.error?.description).toMatch(/transfer ownership/);
		const unknown = await dropbox.run(sf('get', { sharedFolder: byId('999999') }));
		expect(unknown.error?.message).toMatch(/invalid_id/);
		const notShared = await dropbox.run(sf('get', { sharedFolder: byPath('/Apollo/plan.txt') }));
		expect(notShared.error?.message).toMatch(/is not a shared folder/);
		const invalidEmail = await dropbox.run(sf('addMembers', { sharedFolder: byId(id), members: 'someone@example.invalid' }));
		expect(invalidEmail.error?.message).toMatch(/bad_member\/invalid_email/);
	});
});

describe('Shared Folder calls that must not run twice', () => {
	it('are marked unsafe to repeat, and the ones that set a state are not', () => {
		const unsafe = ['share_folder', 'add_folder_member', 'remove_folder_member', 'unshare_folder', 'transfer_folder', 'mount_folder', 'unmount_folder', 'relinquish_folder_membership'];
		for (const route of unsafe) expect([route, routeInfo(`sharing/${route}`).unsafeToRepeat]).toEqual([route, true]);
		for (const route of ['update_folder_policy', 'update_folder_member', 'set_access_inheritance', 'check_share_job_status', 'check_job_status', 'check_remove_member_job_status'])
			expect([route, routeInfo(`sharing/${route}`).unsafeToRepeat]).toEqual([route, undefined]);
	});

	// The stand-in carries the call out, then drops the connection: the operation looks at Dropbox and reports
	// the outcome without sending the call again.
	it.each([
		['addMembers', 'sharing/add_folder_member'],
		['mount', 'sharing/mount_folder'],
		['unmount', 'sharing/unmount_folder'],
		['transferOwnership', 'sharing/transfer_folder'],
		['removeMember', 'sharing/remove_folder_member'],
		['relinquishMembership', 'sharing/relinquish_folder_membership'],
		['unshare', 'sharing/unshare_folder'],
	])('%s after a lost answer', async (operation, route) => {
		const { id } = await sharedFolder();
		if (operation !== 'addMembers') await ok(sf('addMembers', { sharedFolder: byId(id), members: mateo().email }));
		if (!['addMembers', 'mount'].includes(operation)) await ok(sf('mount', { sharedFolder: byId(id) }), asMateo());
		const byMateo = ['mount', 'unmount', 'relinquishMembership'].includes(operation);
		const parameters: Record<string, Params> = {
			addMembers: { members: mateo().email },
			mount: {},
			unmount: {},
			transferOwnership: { newOwner: fromList(mateo().account_id) },
			removeMember: { member: byEmail(mateo().email) },
			relinquishMembership: {},
			unshare: {},
		};
		dropbox.standIn.clearRequests();
		dropbox.standIn.injectFault({ route, kind: 'lose_response' });
		const result = await dropbox.run(sf(operation, { sharedFolder: byId(id), ...parameters[operation] }) as INodeParameters, byMateo ? asMateo() : {});
		expect(result.error).toBeUndefined();
		expect(dropbox.requestsTo(route)).toHaveLength(1);
		expect(result.items).toHaveLength(1);
	});

	it('reports an unknown outcome when looking cannot tell', async () => {
		const { id } = await sharedFolder();
		// The unshare is lost and nothing changed (a 502 before Dropbox got to it): the folder is still shared,
		// which a job under way would look like too.
		dropbox.standIn.injectFault({ route: 'sharing/unshare_folder', kind: 'server_error', status: 500 });
		const result = await dropbox.run(sf('unshare', { sharedFolder: byId(id) }));
		expect(result.error?.message).toBe('Dropbox: outcome unknown (sharing/unshare_folder)');
		expect(result.error?.description).toContain(`whether shared folder ${id} is still shared`);
		expect(dropbox.requestsTo('sharing/unshare_folder')).toHaveLength(1);
	});
});

describe('Shared Folder bad input fails before any request', () => {
	// As expressions: n8n itself refuses literal values that fail the editor's checks before the node runs.
	const x = (value: string) => `={{ ${JSON.stringify(value)} }}`;
	const id = byId('1234567');
	it.each([
		['get', { sharedFolder: byId(x('abc')) }, 'Shared Folder: "abc" is not a shared folder ID'],
		['get', { sharedFolder: fromList(x('')) }, 'Shared Folder: is empty'],
		['get', { sharedFolder: byPath(x('Projects')) }, 'Shared Folder: "Projects" is a relative path'],
		['get', { sharedFolder: byUrl(x('https://example.com/home/x')) }, 'Shared Folder: "https://example.com/home/x" is a web address, not a Dropbox path'],
		['share', { folder: byPath(x('Projects/')) }, 'Folder: "Projects/" is a relative path'],
		['addMembers', { sharedFolder: id, members: 'ana@example' }, 'Members: "ana@example" is not an email address'],
		['addMembers', { sharedFolder: id, members: 'ana@example.com, bob' }, 'Members: "bob" is not an email address'],
		['addMembers', { sharedFolder: id, members: ' , ' }, 'Members: is empty'],
		['addMembers', { sharedFolder: id, members: 'dbid:short' }, 'Members: "dbid:short" is not a Dropbox account ID'],
		['addMembers', { sharedFolder: byId(x('x1')), members: 'ana@example.com' }, 'Shared Folder: "x1" is not a shared folder ID'],
		['updateMemberAccess', { sharedFolder: id, member: byEmail(x('not-an-email')) }, 'Member: "not-an-email" is not an email address'],
		['removeMember', { sharedFolder: id, member: fromList(x('')) }, 'Member: is empty'],
		['transferOwnership', { sharedFolder: id, newOwner: byEmail(x('x@')) }, 'New Owner: "x@" is not an email address'],
		['updatePolicy', { sharedFolder: id, updateFields: {} }, 'Update Fields: is empty'],
		['mount', { sharedFolder: byId(x('12 34')) }, 'Shared Folder: "12 34" is not a shared folder ID'],
		['unshare', { sharedFolder: byId(x('-1')) }, 'Shared Folder: "-1" is not a shared folder ID'],
		['relinquishMembership', { sharedFolder: byId(x('ns:12')) }, 'Shared Folder: "ns:12" is not a shared folder ID'],
		['unmount', { sharedFolder: byId(x('1e5')) }, 'Shared Folder: "1e5" is not a shared folder ID'],
		['setAccessInheritance', { sharedFolder: byId(x('')) }, 'Shared Folder: is empty'],
		['listMembers', { sharedFolder: byId(x('folder')) }, 'Shared Folder: "folder" is not a shared folder ID'],
	])('%s with %j', async (operation, parameters, message) => {
		const result = await dropbox.run(sf(operation, parameters));
		expect(result.error).toBeInstanceOf(NodeOperationError);
		expect(result.error?.message).toBe(message);
		expect(dropbox.standIn.requests).toHaveLength(0);
	});
});
