import { applied, notApplied } from '../../../shared/client';
import type { OperationDefinition } from '../types';
import { call, checkTeamFolderId, folderNow, teamFolderIdField } from './common';

export const permanentlyDelete: OperationDefinition = {
	operation: 'permanentlyDelete',
	name: 'Permanently Delete',
	action: 'Permanently delete an archived team folder',
	description: 'Delete an archived team folder and everything in it for good',
	routes: ['team/team_folder/permanently_delete', 'team/team_folder/get_info'],
	properties: [teamFolderIdField],
	async execute(ctx) {
		const id = checkTeamFolderId(ctx.check, 'Team Folder ID', ctx.param('teamFolderId'));
		await call(ctx, 'team/team_folder/permanently_delete', { team_folder_id: id }, {
			reconcile: {
				whatToCheck: `whether team folder ${id} is gone (Team Folder → Get)`,
				check: async () => ((await folderNow(ctx, id)) ? notApplied : applied(null)),
			},
		});
		return [{ json: { team_folder_id: id, deleted: true } }];
	},
};
