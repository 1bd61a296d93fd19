import type { IDataObject } from 'n8n-workflow';

import type { OperationDefinition } from '../types';
import { byStatus, call, checkTeamFolderId, teamFolderIdField } from './common';

export const activate: OperationDefinition = {
	operation: 'activate',
	name: 'Activate',
	action: 'Activate an archived team folder',
	description: 'Make an archived team folder active again',
	routes: ['team/team_folder/activate', 'team/team_folder/get_info'],
	properties: [teamFolderIdField],
	async execute(ctx) {
		const id = checkTeamFolderId(ctx.check, 'Team Folder ID', ctx.param('teamFolderId'));
		const reconcile = { whatToCheck: `whether team folder ${id} is active (Team Folder → Get)`, check: byStatus(ctx, id, ['active'], ['archived']) };
		return [{ json: await call<IDataObject>(ctx, 'team/team_folder/activate', { team_folder_id: id }, { reconcile }) }];
	},
};
