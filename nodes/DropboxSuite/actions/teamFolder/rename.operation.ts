import type { IDataObject } from 'n8n-workflow';

import { applied, notApplied, unknownOutcome } from '../../../shared/client';
import type { OperationDefinition } from '../types';
import { call, checkFolderName, checkTeamFolderId, folderNow, teamFolderIdField } from './common';

export const rename: OperationDefinition = {
	operation: 'rename',
	name: 'Rename',
	action: 'Rename a team folder',
	description: 'Give an active team folder a new name',
	routes: ['team/team_folder/rename', 'team/team_folder/get_info'],
	properties: [teamFolderIdField, { displayName: 'New Name', name: 'name', type: 'string', required: true, default: '' }],
	async execute(ctx) {
		const id = checkTeamFolderId(ctx.check, 'Team Folder ID', ctx.param('teamFolderId'));
		const name = checkFolderName(ctx.check, 'New Name', ctx.param('name'));
		const renamed = await call<IDataObject>(ctx, 'team/team_folder/rename', { team_folder_id: id, name }, {
			reconcile: {
				whatToCheck: `the name of team folder ${id}`,
				check: async () => {
					const now = await folderNow(ctx, id);
					if (!now) return unknownOutcome;
					return now.name === name ? applied(now) : notApplied;
				},
			},
		});
		return [{ json: renamed }];
	},
};
