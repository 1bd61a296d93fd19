// Every Team Folder operation through n8n's engine against the stand-in's team, with a team-linked credential.
// The seeded team has a team space; tests that create or archive turn it off (the stand-in's `teamSpace` switch).
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { mockSleep } from '../harness';
import { useDropbox } from './dropbox';

mockSleep();

const dropbox = useDropbox();

const folder = (operation: string, extra: Parameters<typeof dropbox.run>[0] = {}) => ({ resource: 'teamFolder', operation, ...extra });
const teamRun = async (parameters: Parameters<typeof dropbox.run>[0]) => await dropbox.run(parameters, { tokens: { team: true } });
const ok = async (parameters: Parameters<typeof dropbox.run>[0]) => {
	const result = await teamRun(parameters);
	if (result.error) throw result.error;
	return result;
};
const team = () => dropbox.standIn.store.team!;
const withTeamSpace = (on: boolean) => (team().teamSpace = on);

afterEach(() => withTeamSpace(true));

describe('Team Folder on a team with a team space', () => {
	it('Create is refused with a plain message, and nothing is sent again', async () => {
		const result = await teamRun(folder('create', { name: 'Marketing' }));
		expect(result.error).toBeInstanceOf(NodeApiError);
		expect(result.error?.description).toMatch(/This team has a team space, and Dropbox does not create or archive team folders/);
		expect(dropbox.requestsTo('team/team_folder/create')).toHaveLength(1);
	});

	it('Archive is refused with the same plain message', async () => {
		const [projekte] = [...team().teamFolders!.values()];
		const result = await teamRun(folder('archive', { teamFolderId: projekte.team_folder_id }));
		expect(result.error?.message).toMatch(/team_shared_dropbox_error\/disallowed/);
		expect(result.error?.description).toMatch(/This team has a team space/);
	});

	it('List shows the team space and its team folder; Get by ID', async () => {
		const listed = await ok(folder('list', { returnAll: true }));
		expect(listed.items.map((item) => [item.json.name, item.json.is_team_shared_dropbox])).toEqual([
			['Nordlicht Études GmbH', true],
			['Projekte', false],
		]);
		const id = String(listed.items[1].json.team_folder_id);
		const got = await ok(folder('get', { teamFolderIds: `${id}, 999999999` }));
		expect(got.items.map((item) => [item.json.found, item.json.team_folder_id])).toEqual([
			[true, id],
			[false, '999999999'],
		]);
		const limited = await ok(folder('list', { limit: 1 }));
		expect(limited.items).toHaveLength(1);
	});
});

describe('Team Folder on a team without a team space', () => {
	it('Create, Rename, Update Sync Settings, Archive through several job polls, Activate, Archive, Permanently Delete, Restore', async () => {
		withTeamSpace(false);
		team().archivePolls = 4;
		const created = await ok(folder('create', { name: 'Vertrieb', options: { syncSetting: 'not_synced' } }));
		expect(created.items[0].json).toMatchObject({ name: 'Vertrieb', status: { '.tag': 'active' }, sync_setting: { '.tag': 'not_synced' } });
		const id = String(created.items[0].json.team_folder_id);

		const renamed = await ok(folder('rename', { teamFolderId: id, name: 'Vertrieb DACH' }));
		expect(renamed.items[0].json.name).toBe('Vertrieb DACH');
		const synced = await ok(folder('updateSyncSettings', { teamFolderId: id, updateFields: { syncSetting: 'default' } }));
		expect(synced.items[0].json.sync_setting).toEqual({ '.tag': 'default' });

		const archived = await ok(folder('archive', { teamFolderId: id }));
		expect(archived.items[0].json).toMatchObject({ team_folder_id: id, status: { '.tag': 'archived' }, job_status: 'complete' });
		expect(dropbox.requestsTo('team/team_folder/archive/check')).toHaveLength(5);

		const active = await ok(folder('activate', { teamFolderId: id }));
		expect(active.items[0].json.status).toEqual({ '.tag': 'active' });

		// Without waiting: the job ID, and the folder shows the archive in progress.
		const launched = await ok(folder('archive', { teamFolderId: id, wait: false }));
		expect(launched.items[0].json).toMatchObject({ job_status: 'in_progress', async_job_id: expect.any(String) });
		expect(team().teamFolders!.get(id)?.status).toBe('archive_in_progress');
		team().teamFolders!.get(id)!.status = 'archived';

		const deleted = await ok(folder('permanentlyDelete', { teamFolderId: id }));
		expect(deleted.items[0].json).toEqual({ team_folder_id: id, deleted: true });
		const gone = await ok(folder('get', { teamFolderIds: id }));
		expect(gone.items[0].json.found).toBe(false);
		const restored = await ok(folder('restore', { teamFolderId: id }));
		expect(restored.items[0].json).toMatchObject({ team_folder_id: id, status: { '.tag': 'archived' } });
	});

	it('Dropbox\'s refusals carry what to do: a taken name, deleting an active folder', async () => {
		withTeamSpace(false);
		await ok(folder('create', { name: 'Einkauf' }));
		const taken = await teamRun(folder('create', { name: 'einkauf' }));
		expect(taken.error?.message).toMatch(/folder_name_already_used/);
		expect(taken.error?.description).toMatch(/already has this name/);
		const id = [...team().teamFolders!.values()].find((f) => f.name === 'Einkauf')!.team_folder_id;
		const active = await teamRun(folder('permanentlyDelete', { teamFolderId: id }));
		expect(active.error?.message).toMatch(/status_error\/active/);
		expect(active.error?.description).toMatch(/Archive it first/);
	});

	it('a lost Create answer is reconciled from the list, not sent again', async () => {
		withTeamSpace(false);
		dropbox.standIn.injectFault({ route: 'team/team_folder/create', kind: 'lose_response' });
		const created = await ok(folder('create', { name: 'Recht' }));
		expect(created.items[0].json).toMatchObject({ name: 'Recht', status: { '.tag': 'active' } });
		expect(dropbox.requestsTo('team/team_folder/create')).toHaveLength(1);
	});
});

describe('Team Folder: bad input is refused before any call', () => {
	const cases: Array<[string, Parameters<typeof dropbox.run>[0], RegExp]> = [
		['an empty name', folder('create', { name: '  ' }), /^Name: is empty/],
		['a name with a slash', folder('create', { name: 'A/B' }), /^Name: "A\/B" contains a slash/],
		['a blank new name', folder('rename', { teamFolderId: '123', name: '   ' }), /^New Name: is empty/],
		['a team folder ID that is not one', folder('archive', { teamFolderId: 'ns:123' }), /^Team Folder ID: "ns:123" is not a team folder ID/],
		['an entry ID that is not one', folder('updateSyncSettings', { teamFolderId: '123', updateFields: { contentSyncSettings: { entry: [{ entryId: '/Docs' }] } } }), /is not a file or folder ID/],
	];
	it.each(cases)('%s', async (_label, parameters, message) => {
		const result = await teamRun(parameters);
		expect(result.error).toBeInstanceOf(NodeOperationError);
		expect(result.error?.message).toMatch(message);
		expect(dropbox.standIn.requests.filter((r) => r.route.startsWith('team/'))).toHaveLength(0);
	});
});
