import type { IDataObject } from 'n8n-workflow';

import type { OperationDefinition } from '../types';
import { SYNC_SETTING_OPTIONS, call, checkTeamFolderId, teamFolderIdField } from './common';

export const updateSyncSettings: OperationDefinition = {
	operation: 'updateSyncSettings',
	name: 'Update Sync Settings',
	action: 'Update the sync settings of a team folder',
	description: 'Choose whether a team folder, or files and folders inside it, sync to members\' computers',
	routes: ['team/team_folder/update_sync_settings'],
	properties: [
		teamFolderIdField,
		{
			displayName: 'Update Fields',
			name: 'updateFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			options: [
				{
					displayName: 'Content Sync Settings',
					name: 'contentSyncSettings',
					type: 'fixedCollection',
					typeOptions: { multipleValues: true },
					default: {},
					description: 'Sync settings of files or folders inside the team folder',
					options: [
						{
							displayName: 'Entry',
							name: 'entry',
							values: [
								{
									displayName: 'File or Folder ID',
									name: 'entryId',
									type: 'string',
									default: '',
									description: 'A file or folder inside the team folder, by its ID as Get Metadata gives it',
								},
								{ displayName: 'Sync Setting', name: 'syncSetting', type: 'options', options: SYNC_SETTING_OPTIONS, default: 'not_synced' },
							],
						},
					],
				},
				{ displayName: 'Sync Setting', name: 'syncSetting', type: 'options', options: SYNC_SETTING_OPTIONS, default: 'default', description: 'The team folder\'s own sync setting' },
			],
		},
	],
	async execute(ctx) {
		const { check } = ctx;
		const id = checkTeamFolderId(check, 'Team Folder ID', ctx.param('teamFolderId'));
		const fields = ctx.param<IDataObject>('updateFields', {});
		const arg: IDataObject = { team_folder_id: id };
		if (fields.syncSetting) arg.sync_setting = fields.syncSetting;
		const rows = ((fields.contentSyncSettings as IDataObject | undefined)?.entry as IDataObject[] | undefined) ?? [];
		if (rows.length)
			arg.content_sync_settings = rows.map((row) => {
				const entryId = check.required('Content Sync Settings → File or Folder ID', row.entryId);
				if (!/^id:.+/.test(entryId)) check.fail('Content Sync Settings → File or Folder ID', `"${entryId}" is not a file or folder ID`, 'Use the "id:..." of the entry, as Get Metadata gives it.');
				return { id: entryId, sync_setting: row.syncSetting ?? 'not_synced' };
			});
		if (Object.keys(arg).length === 1) check.fail('Update Fields', 'is empty', 'Add the Sync Setting or Content Sync Settings to change.');
		return [{ json: await call<IDataObject>(ctx, 'team/team_folder/update_sync_settings', arg) }];
	},
};
