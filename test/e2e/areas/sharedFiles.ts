// Shared File operations in a real n8n: the owner (the suite's credential) shares files and manages their members,
// the person they are shared with (Mateo, through his own credential) lists them and leaves them; every operation
// runs once through an activated workflow, and its output is checked against the stand-in's own records.
import { standInCredential } from '../../../scripts/n8n.cjs';
import { sharedFilesOf } from '../../emulator/sharing/files';
import { errorText, output, requestsTo, runWebhook } from '../context';
import type { E2eArea, E2eContext } from '../context';
import { byId, byPath, webhookWorkflow } from '../workflows';
import type { CredentialRef } from '../workflows';

const MATEO_EMAIL = 'mateo.alvarez@example.org';
const RECIPIENT: CredentialRef = { id: 'DbxE2eSharedMateo', name: 'Dropbox Suite (Mateo, a recipient)' };

const hook = (name: string) => `e2e-shared-files-${name}`;
const body = (name: string) => `={{ $('Webhook').item.json.body.${name} }}`;
const byEmail = (value: string) => ({ __rl: true, mode: 'email', value });
const fromList = (value: string) => ({ __rl: true, mode: 'list', value });

const workflows = [
	webhookWorkflow('E2eSharedOwner', 'e2e shared files: the owner', hook('owner'), [
		{
			name: 'Add members',
			parameters: { resource: 'sharedFile', operation: 'addMembers', file: byPath(body('path')), members: body('members'), accessLevel: 'viewer', options: { customMessage: 'Für dich ✓' } },
			executeOnce: true,
		},
		{ name: 'List members', parameters: { resource: 'sharedFile', operation: 'listMembers', file: byPath(body('path')), returnAll: true, options: {} }, executeOnce: true },
		{
			name: 'Update member',
			parameters: { resource: 'sharedFile', operation: 'updateMember', file: byPath(body('path')), member: byEmail(MATEO_EMAIL), accessLevel: 'editor' },
			executeOnce: true,
		},
		{ name: 'Get metadata', parameters: { resource: 'sharedFile', operation: 'getMetadata', file: byPath(body('path')) }, executeOnce: true },
		{ name: 'Update policy', parameters: { resource: 'sharedFile', operation: 'updatePolicy', file: byPath(body('path')), viewerInfoPolicy: 'disabled' }, executeOnce: true },
		{ name: 'Metadata of many', parameters: { resource: 'sharedFile', operation: 'getMetadataOfMany', file: byPath(body('path')) }, executeOnce: true },
		{ name: 'Members of many', parameters: { resource: 'sharedFile', operation: 'listMembersOfMany', file: byPath(body('path')), membersPerCall: 1000 }, executeOnce: true },
		{
			name: 'Remove member',
			parameters: { resource: 'sharedFile', operation: 'removeMember', file: byPath(body('path')), member: byEmail('guest.e2e@example.net') },
			executeOnce: true,
		},
	]),
	webhookWorkflow('E2eSharedRecipient', 'e2e shared files: the recipient', hook('recipient'), [
		{ name: 'List received', parameters: { resource: 'sharedFile', operation: 'listReceived', returnAll: true }, credential: RECIPIENT, executeOnce: true },
		{ name: 'Relinquish', parameters: { resource: 'sharedFile', operation: 'relinquish', file: fromList(body('leave')) }, credential: RECIPIENT, executeOnce: true },
		{ name: 'Relinquish all access', parameters: { resource: 'sharedFile', operation: 'relinquishAccess', file: byId(body('drop')) }, credential: RECIPIENT, executeOnce: true },
	]),
	webhookWorkflow('E2eSharedUnshare', 'e2e shared files: unshare', hook('unshare'), [
		{ name: 'Unshare', parameters: { resource: 'sharedFile', operation: 'unshare', file: byPath(body('path')) } },
	]),
];

export const sharedFilesArea: E2eArea = {
	credentials: (standIn) => {
		const mateo = [...standIn.store.accounts.values()].find((account) => account.email === MATEO_EMAIL);
		if (!mateo) throw new Error('the stand-in has no outsider account');
		return [standInCredential(standIn.issueTokens({ account: mateo.account_id }), { id: RECIPIENT.id, name: RECIPIENT.name })];
	},
	workflows,
	activate: workflows.map((workflow) => workflow.id),
	register,
};

function register(ctx: E2eContext) {
	const home = () => ctx.standIn.store.personal().home_namespace_id;
	const seed = (path: string) => ctx.standIn.store.putFile(home(), path, Buffer.from(`e2e ${path}`)).id as string;

	describe('Shared File operations through activated workflows', () => {
		const plan = '/E2E Shared/Plan 2027.txt';
		const other = '/E2E Shared/Übersicht.txt';
		const third = '/E2E Shared/Unshare me.txt';
		let planId = '';
		let otherId = '';
		let thirdId = '';
		const shareOf = (id: string) => {
			const share = sharedFilesOf(ctx.standIn.store).shares.get(id);
			if (!share) throw new Error(`${id} is not shared`);
			return share;
		};

		test('the owner: Add Members, List Members, Update Member, Get Sharing Metadata, Update Policy, both batch operations, Remove Member', async () => {
			planId = seed(plan);
			otherId = seed(other);
			thirdId = seed(third);
			const members = `${MATEO_EMAIL}, guest.e2e@example.net`;
			const first = await runWebhook(ctx, 'E2eSharedOwner', hook('owner'), { path: plan, members });
			expect(errorText(first.execution)).toBe('');
			expect(first.execution.status).toBe('success');
			expect(output(first.execution, 'Add members').map((item) => [item.member, item.success])).toEqual([
				[MATEO_EMAIL, true],
				['guest.e2e@example.net', true],
			]);
			expect(sharedFilesOf(ctx.standIn.store).invitations.filter((i) => i.file_id === planId).map((i) => i.custom_message)).toEqual([
				'Für dich ✓',
				'Für dich ✓',
			]);
			expect(output(first.execution, 'List members').map((item) => item.member_type)).toEqual(['user', 'user', 'invitee']);
			expect(output(first.execution, 'Update member')[0]).toMatchObject({ member: MATEO_EMAIL, access_level: 'editor' });
			expect(output(first.execution, 'Get metadata')[0]).toMatchObject({ id: planId, path_display: plan, access_type: { '.tag': 'owner' } });
			expect(output(first.execution, 'Update policy')[0]).toMatchObject({ policy: { viewer_info_policy: { '.tag': 'disabled' } } });
			expect(output(first.execution, 'Metadata of many')[0]).toMatchObject({ id: planId, name: 'Plan 2027.txt' });
			expect(output(first.execution, 'Members of many')[0]).toMatchObject({ file: plan, member_count: 3 });
			expect(output(first.execution, 'Remove member')[0]).toMatchObject({ member: 'guest.e2e@example.net', removed: true });
			expect(requestsTo(ctx, 'sharing/list_file_members/batch')).toHaveLength(1);
			expect([...shareOf(planId).members.values()].map((m) => m.access)).toEqual(['editor']);
			expect(shareOf(planId).invitees.size).toBe(0);

			for (const path of [other, third]) {
				const again = await runWebhook(ctx, 'E2eSharedOwner', hook('owner'), { path, members });
				expect(errorText(again.execution)).toBe('');
			}
		});

		test('the recipient: List Received Files, Relinquish Membership, Relinquish All Access', async () => {
			const run = await runWebhook(ctx, 'E2eSharedRecipient', hook('recipient'), { leave: planId, drop: otherId });
			expect(errorText(run.execution)).toBe('');
			expect(output(run.execution, 'List received').map((item) => item.name)).toEqual(['Unshare me.txt', 'Übersicht.txt', 'Plan 2027.txt']);
			expect(output(run.execution, 'Relinquish')[0]).toEqual({ file: planId, relinquished: true });
			expect(output(run.execution, 'Relinquish all access')[0]).toEqual({ file: otherId, relinquished: true });
			const mateo = [...ctx.standIn.store.accounts.values()].find((account) => account.email === MATEO_EMAIL);
			const memberIds = (id: string) => [...shareOf(id).members.keys()];
			expect(memberIds(planId)).not.toContain(mateo?.account_id);
			expect(memberIds(otherId)).not.toContain(mateo?.account_id);
			expect(memberIds(thirdId)).toContain(mateo?.account_id);
		});

		test('the owner: Unshare', async () => {
			const run = await runWebhook(ctx, 'E2eSharedUnshare', hook('unshare'), { path: third });
			expect(errorText(run.execution)).toBe('');
			expect(output(run.execution, 'Unshare')).toEqual([{ file: third, unshared: true }]);
			expect([shareOf(thirdId).members.size, shareOf(thirdId).invitees.size]).toEqual([0, 0]);
		});
	});
}
