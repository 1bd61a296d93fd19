// Shared Folder resource in a real n8n: every operation once through activated workflows, the owner (Robin) and a
// collaborator (the outsider Mateo, with a credential of his own), and the "share a project folder" example.
import { standInCredential } from '../../../scripts/n8n.cjs';
import { output, requestsTo, runInEditor, runWebhook } from '../context';
import type { E2eArea, E2eContext } from '../context';
import { webhookWorkflow } from '../workflows';
import type { CredentialRef } from '../workflows';

/** The collaborator's own connection. */
const MATEO: CredentialRef = { id: 'DbxE2eSharedMate', name: 'Dropbox Suite (Mateo, stand-in)' };
const MATEO_EMAIL = 'mateo.alvarez@example.org';

const hook = (name: string) => `e2e-shared-folder-${name}`;
const body = (field: string) => `={{ $('Webhook').item.json.body.${field} }}`;
const byId = (value: string) => ({ __rl: true, mode: 'id', value });
const byPath = (value: string) => ({ __rl: true, mode: 'path', value });
const byEmail = (value: string) => ({ __rl: true, mode: 'email', value });
const sf = (operation: string, extra: Record<string, unknown> = {}) => ({ resource: 'sharedFolder', operation, ...extra });
const folderId = byId(body('id'));

const workflows = [
	webhookWorkflow('E2eSfOwnerSetup', 'e2e shared folder share and set up', hook('setup'), [
		{ name: 'Share', parameters: sf('share', { folder: byPath(body('path')) }) },
		{ name: 'Get', parameters: sf('get', { sharedFolder: byId('={{ $json.shared_folder_id }}') }) },
		{ name: 'Update policy', parameters: sf('updatePolicy', { sharedFolder: byId('={{ $json.shared_folder_id }}'), updateFields: { aclUpdatePolicy: 'owner', sharedLinkPolicy: 'members' } }) },
		{ name: 'Access inheritance', parameters: sf('setAccessInheritance', { sharedFolder: byId('={{ $json.shared_folder_id }}'), accessInheritance: 'no_inherit' }) },
		{ name: 'Add members', parameters: sf('addMembers', { sharedFolder: byId('={{ $json.shared_folder_id }}'), members: body('members'), accessLevel: 'viewer' }) },
		{ name: 'List members', parameters: sf('listMembers', { sharedFolder: byId("={{ $('Share').item.json.shared_folder_id }}"), returnAll: true }) },
	]),
	webhookWorkflow('E2eSfOwnerList', 'e2e shared folder list', hook('list'), [{ name: 'List', parameters: sf('list', { returnAll: true }) }]),
	webhookWorkflow('E2eSfMateoMounta', 'e2e shared folder list mountable (collaborator)', hook('mountable'), [
		{ name: 'List mountable', parameters: sf('listMountable', { returnAll: true }), credential: MATEO },
	]),
	webhookWorkflow('E2eSfMateoMount1', 'e2e shared folder mount, unmount, mount (collaborator)', hook('mount'), [
		{ name: 'Mount', parameters: sf('mount', { sharedFolder: folderId }), credential: MATEO },
		{ name: 'Unmount', parameters: sf('unmount', { sharedFolder: folderId }), credential: MATEO },
		{ name: 'Mount again', parameters: sf('mount', { sharedFolder: folderId }), credential: MATEO },
	]),
	webhookWorkflow('E2eSfMembersFlow', 'e2e shared folder member access, ownership, removal', hook('members'), [
		{ name: 'Update access', parameters: sf('updateMemberAccess', { sharedFolder: folderId, member: byEmail(body('email')), accessLevel: 'editor' }) },
		{ name: 'Transfer to Mateo', parameters: sf('transferOwnership', { sharedFolder: folderId, newOwner: byEmail(body('email')) }) },
		{ name: 'Transfer back', parameters: sf('transferOwnership', { sharedFolder: folderId, newOwner: byId(body('owner')) }), credential: MATEO },
		{ name: 'Remove member', parameters: sf('removeMember', { sharedFolder: folderId, member: byEmail(body('email')), leaveCopy: true }) },
	]),
	webhookWorkflow('E2eSfRejoinLeave', 'e2e shared folder rejoin and relinquish (collaborator)', hook('relinquish'), [
		{ name: 'Add again', parameters: sf('addMembers', { sharedFolder: folderId, members: body('email') }) },
		{ name: 'Mount', parameters: sf('mount', { sharedFolder: folderId }), credential: MATEO },
		{ name: 'Relinquish', parameters: sf('relinquishMembership', { sharedFolder: folderId, leaveCopy: false }), credential: MATEO },
	]),
	webhookWorkflow('E2eSfOwnerUnshar', 'e2e shared folder unshare', hook('unshare'), [
		{ name: 'Unshare', parameters: sf('unshare', { sharedFolder: folderId, leaveCopy: true }) },
	]),
];

export const sharedFoldersArea: E2eArea = {
	credentials: (standIn) => {
		const mateo = [...standIn.store.accounts.values()].find((account) => account.email === MATEO_EMAIL);
		if (!mateo) throw new Error('the stand-in has no outsider account');
		return [standInCredential(standIn.issueTokens({ account: mateo.account_id }), { id: MATEO.id, name: MATEO.name })];
	},
	workflows,
	activate: workflows.map((workflow) => workflow.id),
	register,
};

function register(ctx: E2eContext) {
	const robin = () => ctx.standIn.store.personal();
	const mateo = () => {
		const found = [...ctx.standIn.store.accounts.values()].find((account) => account.email === MATEO_EMAIL);
		if (!found) throw new Error('the stand-in has no outsider account');
		return found;
	};
	const byEmailAddress = (email: string) => {
		const found = [...ctx.standIn.store.accounts.values()].find((account) => account.email === email);
		if (!found) throw new Error(`the stand-in has no account ${email}`);
		return found;
	};
	const PATH = '/E2E Shared/Orion';
	let id = '';

	describe('Shared Folder operations through activated workflows', () => {
		test('Share, Get, Update Policy, Set Access Inheritance, Add Members, List Members (owner)', async () => {
			ctx.standIn.store.putFile(robin().home_namespace_id, `${PATH}/brief.txt`, Buffer.from('Orion brief'));
			const run = await runWebhook(ctx, 'E2eSfOwnerSetup', hook('setup'), { path: PATH, members: `${MATEO_EMAIL}, jonas@nordlicht.example` });
			expect(run.execution.status).toBe('success');
			const [shared] = output(run.execution, 'Share');
			expect(shared).toMatchObject({ status: 'complete', name: 'Orion', path_display: PATH });
			id = String(shared.shared_folder_id);
			expect(output(run.execution, 'Get')[0].shared_folder_id).toBe(id);
			expect(output(run.execution, 'Update policy')[0].policy).toMatchObject({ acl_update_policy: { '.tag': 'owner' }, shared_link_policy: { '.tag': 'members' } });
			expect(output(run.execution, 'Access inheritance')[0]).toMatchObject({ access_inheritance: { '.tag': 'no_inherit' } });
			expect(requestsTo(ctx, 'sharing/add_folder_member').at(-1)?.arg).toMatchObject({ shared_folder_id: id, members: [{ member: { '.tag': 'email', email: MATEO_EMAIL } }, expect.anything()] });
			const members = output(run.execution, 'List members');
			expect(members.map((m) => m.kind).sort()).toEqual(['invitee', 'invitee', 'user']);
		});

		test('List (owner) and List Mountable (the collaborator sees the invitation)', async () => {
			const list = await runWebhook(ctx, 'E2eSfOwnerList', hook('list'));
			expect(list.execution.status).toBe('success');
			expect(output(list.execution, 'List').map((f) => f.shared_folder_id)).toContain(id);
			const mountable = await runWebhook(ctx, 'E2eSfMateoMounta', hook('mountable'));
			expect(mountable.execution.status).toBe('success');
			expect(output(mountable.execution, 'List mountable').map((f) => f.shared_folder_id)).toEqual([id]);
		});

		test('Mount, Unmount, Mount again (collaborator): the folder is in his Dropbox', async () => {
			const run = await runWebhook(ctx, 'E2eSfMateoMount1', hook('mount'), { id });
			expect(run.execution.status).toBe('success');
			expect(output(run.execution, 'Mount')[0]).toMatchObject({ shared_folder_id: id, path_display: '/Orion' });
			expect(output(run.execution, 'Unmount')).toEqual([{ shared_folder_id: id, mounted: false }]);
			expect(ctx.standIn.store.lookup(mateo().home_namespace_id, '/Orion')?.mountedNamespaceId).toBe(id);
		});

		test('Update Member Access, Transfer Ownership there and back, Remove Member leaving a copy', async () => {
			const run = await runWebhook(ctx, 'E2eSfMembersFlow', hook('members'), { id, email: MATEO_EMAIL, owner: robin().account_id });
			expect(run.execution.status).toBe('success');
			expect(output(run.execution, 'Update access')[0]).toMatchObject({ access_level: { '.tag': 'editor' } });
			expect(output(run.execution, 'Transfer to Mateo')).toEqual([{ shared_folder_id: id, new_owner: mateo().account_id }]);
			expect(output(run.execution, 'Transfer back')).toEqual([{ shared_folder_id: id, new_owner: robin().account_id }]);
			expect(output(run.execution, 'Remove member')[0]).toMatchObject({ shared_folder_id: id, status: 'complete' });
			const copy = ctx.standIn.store.lookup(mateo().home_namespace_id, '/Orion/brief.txt');
			expect(copy?.tag).toBe('file');
		});

		test('Add Members, Mount and Relinquish Membership (collaborator)', async () => {
			const run = await runWebhook(ctx, 'E2eSfRejoinLeave', hook('relinquish'), { id, email: MATEO_EMAIL });
			expect(run.execution.status).toBe('success');
			// His kept copy holds /Orion, so the folder mounts beside it.
			expect(output(run.execution, 'Mount')[0]).toMatchObject({ path_display: '/Orion (1)' });
			expect(output(run.execution, 'Relinquish')).toEqual([{ shared_folder_id: id, status: 'complete' }]);
			expect(ctx.standIn.store.lookup(mateo().home_namespace_id, '/Orion (1)')).toBeUndefined();
		});

		test('Unshare leaving copies: the owner keeps the folder as a plain folder', async () => {
			const run = await runWebhook(ctx, 'E2eSfOwnerUnshar', hook('unshare'), { id });
			expect(run.execution.status).toBe('success');
			expect(output(run.execution, 'Unshare')).toEqual([{ shared_folder_id: id, status: 'complete' }]);
			const folder = ctx.standIn.store.lookup(robin().home_namespace_id, PATH);
			expect(folder?.tag).toBe('folder');
			expect(folder?.mountedNamespaceId).toBeUndefined();
		});
	});

	describe('Shared Folder example (examples/*.json)', () => {
		test('"share a project folder with collaborators" reports each member (run as the editor does)', async () => {
			const execution = await runInEditor(ctx, 'DbxExampleShrPrj');
			expect(execution.status).toBe('success');
			const [shared] = output(execution, 'Share the project folder');
			expect(shared).toMatchObject({ path_display: '/Clients/Atlas Kickoff' });
			const report = output(execution, 'Members report');
			expect(report).toEqual(
				expect.arrayContaining([
					{ who: robin().name.display_name, email: robin().email, access: 'owner', status: 'member' },
					// Invitations to people with a Dropbox account carry the account too.
					...[MATEO_EMAIL, 'jonas@nordlicht.example', 'lea@nordlicht.example'].map((email) => ({
						who: byEmailAddress(email).name.display_name,
						email,
						access: 'editor',
						status: 'invited',
					})),
				]),
			);
			expect(report).toHaveLength(4);
		});
	});
}
