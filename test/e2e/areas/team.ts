// Team, Team Member and Team Folder in a real n8n with the team-linked credential "Dropbox Suite team (stand-in)"
// (seeded beside the personal one): every operation once, in chains run as the editor runs them, and the
// "onboard a new employee" example.
import { STAND_IN } from '../../../scripts/n8n.cjs';
import { TEAM_ROLES } from '../../emulator/world';
import { errorText, output, requestsTo, runInEditor } from '../context';
import type { E2eArea, E2eContext } from '../context';
import { manualWorkflow } from '../workflows';
import type { CredentialRef, DropboxStep } from '../workflows';

const TEAM_CREDENTIAL: CredentialRef = { id: STAND_IN.teamCredentialId, name: STAND_IN.teamCredentialName };

const NEW_MEMBER = 'e2e.neu@nordlicht.example';
const TEMP_MEMBER = 'e2e.kurz@nordlicht.example';
const SUPPORT_ROLE = TEAM_ROLES.find((role) => role.name === 'Support')!.role_id;

/** A Dropbox Suite step on the team credential, run once whatever came in. */
const byEmail = (value: string) => ({ __rl: true, mode: 'email', value });

const step = (name: string, parameters: Record<string, unknown>): DropboxStep => ({ name, parameters, credential: TEAM_CREDENTIAL, executeOnce: true });

const workflows = [
	manualWorkflow('E2eTeamInfo', 'e2e team: the team itself', [
		step('Get info', { resource: 'team', operation: 'getInfo' }),
		step('Get features', { resource: 'team', operation: 'getFeatures', features: ['has_team_shared_dropbox', 'has_distinct_member_homes'] }),
		step('List namespaces', { resource: 'team', operation: 'listNamespaces', returnAll: true }),
		step('Admin', { resource: 'team', operation: 'getAuthenticatedAdmin' }),
	]),
	manualWorkflow('E2eTeamMembers', 'e2e team: a member from joining to leaving', [
		step('Roles', { resource: 'teamMember', operation: 'listRoles' }),
		step('List', { resource: 'teamMember', operation: 'list', limit: 2 }),
		step('Add', { resource: 'teamMember', operation: 'add', email: NEW_MEMBER, sendWelcomeEmail: false, additionalFields: { givenName: 'Erika', surname: 'Neu' } }),
		step('Get', { resource: 'teamMember', operation: 'get', by: 'email', values: `${NEW_MEMBER}, jonas@nordlicht.example` }),
		step('Set profile', { resource: 'teamMember', operation: 'setProfile', member: byEmail(NEW_MEMBER), updateFields: { externalId: 'HR-e2e-1' } }),
		step('Set admin role', { resource: 'teamMember', operation: 'setAdminRole', member: byEmail(NEW_MEMBER), roleIds: SUPPORT_ROLE }),
		step('Welcome', { resource: 'teamMember', operation: 'sendWelcomeEmail', member: byEmail(NEW_MEMBER) }),
		step('Suspend', { resource: 'teamMember', operation: 'suspend', member: byEmail('lea@nordlicht.example'), wipeData: false }),
		step('Unsuspend', { resource: 'teamMember', operation: 'unsuspend', member: byEmail('lea@nordlicht.example') }),
		step('Remove with transfer', {
			resource: 'teamMember',
			operation: 'remove',
			member: byEmail(NEW_MEMBER),
			files: 'transfer',
			transferTo: byEmail('jonas@nordlicht.example'),
			transferAdmin: byEmail('zoe@nordlicht.example'),
		}),
		step('Add another', { resource: 'teamMember', operation: 'add', email: TEMP_MEMBER, sendWelcomeEmail: false }),
		step('Remove', { resource: 'teamMember', operation: 'remove', member: byEmail(TEMP_MEMBER), files: 'leave' }),
		step('Recover', { resource: 'teamMember', operation: 'recover', member: byEmail(TEMP_MEMBER) }),
	]),
	manualWorkflow('E2eTeamFolderSpace', 'e2e team: create on a team space', [step('Create', { resource: 'teamFolder', operation: 'create', name: 'Nicht erlaubt' })]),
	manualWorkflow('E2eTeamFolders', 'e2e team: a team folder from creation to restore', [
		step('Create', { resource: 'teamFolder', operation: 'create', name: 'E2E Vertrieb' }),
		step('Rename', { resource: 'teamFolder', operation: 'rename', teamFolderId: "={{ $('Create').item.json.team_folder_id }}", name: 'E2E Vertrieb DACH' }),
		step('Sync', { resource: 'teamFolder', operation: 'updateSyncSettings', teamFolderId: "={{ $('Create').item.json.team_folder_id }}", updateFields: { syncSetting: 'not_synced' } }),
		step('Archive', { resource: 'teamFolder', operation: 'archive', teamFolderId: "={{ $('Create').item.json.team_folder_id }}" }),
		step('Activate', { resource: 'teamFolder', operation: 'activate', teamFolderId: "={{ $('Create').item.json.team_folder_id }}" }),
		step('Archive again', { resource: 'teamFolder', operation: 'archive', teamFolderId: "={{ $('Create').item.json.team_folder_id }}" }),
		step('Delete', { resource: 'teamFolder', operation: 'permanentlyDelete', teamFolderId: "={{ $('Create').item.json.team_folder_id }}" }),
		step('Restore', { resource: 'teamFolder', operation: 'restore', teamFolderId: "={{ $('Create').item.json.team_folder_id }}" }),
		step('Get', { resource: 'teamFolder', operation: 'get', teamFolderIds: "={{ $('Create').item.json.team_folder_id }}" }),
		step('List', { resource: 'teamFolder', operation: 'list', returnAll: true }),
	]),
];

export const teamArea: E2eArea = { workflows, register };

function register(ctx: E2eContext) {
	const team = () => ctx.standIn.store.team!;

	describe('Team, Team Member and Team Folder with a team-linked credential', () => {
		test('the team: info, features, namespaces, the admin who linked the app', async () => {
			const execution = await runInEditor(ctx, 'E2eTeamInfo');
			expect(errorText(execution)).toBe('');
			expect(output(execution, 'Get info')[0]).toMatchObject({ name: 'Nordlicht Études GmbH', team_id: team().team_id });
			expect(output(execution, 'Get features')[0]).toEqual({ has_team_shared_dropbox: true, has_distinct_member_homes: true });
			expect(output(execution, 'List namespaces').map((row) => row.namespace_type)).toContain('team_member_folder');
			expect(output(execution, 'Admin')[0]).toMatchObject({ email: 'zoe@nordlicht.example' });
		});

		test('a member: added, found, changed, welcomed, removed with transfer; another removed and recovered; Léa suspended and back', async () => {
			const execution = await runInEditor(ctx, 'E2eTeamMembers');
			expect(errorText(execution)).toBe('');
			expect(output(execution, 'Roles').map((role) => role.name)).toContain('Support');
			expect(output(execution, 'List')).toHaveLength(2);
			expect(output(execution, 'Add')[0]).toMatchObject({ status: 'success', member_email: NEW_MEMBER });
			expect(requestsTo(ctx, 'team/members/add/job_status/get_v2').length).toBeGreaterThan(0);
			expect(output(execution, 'Get').map((row) => [row.found, row.email])).toEqual([
				[true, NEW_MEMBER],
				[true, 'jonas@nordlicht.example'],
			]);
			expect(output(execution, 'Set profile')[0]).toMatchObject({ external_id: 'HR-e2e-1' });
			expect(output(execution, 'Set admin role')[0]).toMatchObject({ roles: [{ role_id: SUPPORT_ROLE }] });
			expect(output(execution, 'Welcome')[0]).toEqual({ member: NEW_MEMBER, sent: true });
			expect(output(execution, 'Suspend')[0].status).toBe('suspended');
			expect(output(execution, 'Unsuspend')[0].status).toBe('active');
			expect(output(execution, 'Remove with transfer')[0].status).toBe('complete');
			expect(output(execution, 'Remove')[0].status).toBe('complete');
			expect(output(execution, 'Recover')[0].status).toBe('active');
		});

		test('a team with a team space: Create is refused with the plain reason', async () => {
			const execution = await runInEditor(ctx, 'E2eTeamFolderSpace');
			expect(execution.status).not.toBe('success');
			expect(errorText(execution)).toMatch(/This team has a team space/);
		});

		test('a team without a team space: a team folder from creation through an archive job to restore', async () => {
			team().teamSpace = false;
			try {
				const execution = await runInEditor(ctx, 'E2eTeamFolders');
				expect(errorText(execution)).toBe('');
				const [created] = output(execution, 'Create');
				expect(output(execution, 'Rename')[0].name).toBe('E2E Vertrieb DACH');
				expect(output(execution, 'Sync')[0].sync_setting).toEqual({ '.tag': 'not_synced' });
				expect(output(execution, 'Archive')[0]).toMatchObject({ status: { '.tag': 'archived' }, job_status: 'complete' });
				expect(requestsTo(ctx, 'team/team_folder/archive/check').length).toBeGreaterThanOrEqual(2);
				expect(output(execution, 'Activate')[0].status).toEqual({ '.tag': 'active' });
				expect(output(execution, 'Delete')[0]).toEqual({ team_folder_id: created.team_folder_id, deleted: true });
				expect(output(execution, 'Restore')[0].status).toEqual({ '.tag': 'archived' });
				expect(output(execution, 'Get')[0]).toMatchObject({ found: true, team_folder_id: created.team_folder_id });
				expect(output(execution, 'List').map((row) => row.name)).toContain('E2E Vertrieb DACH');
			} finally {
				team().teamSpace = true;
			}
		});

		test('the "onboard a new employee" example (run as the editor does)', async () => {
			const execution = await runInEditor(ctx, 'DbxExampleTeamOnb');
			expect(errorText(execution)).toBe('');
			const [report] = output(execution, 'Onboarding report');
			expect(report).toMatchObject({ member: 'mika.sommer@nordlicht.example', added: 'success', folder: '/Projekte/Onboarding', welcomeEmailSent: true });
			expect(String(report.teamMemberId)).toMatch(/^dbmid:/);
			expect(ctx.standIn.store.welcomeEmails).toContain('mika.sommer@nordlicht.example');
		});
	});
}
