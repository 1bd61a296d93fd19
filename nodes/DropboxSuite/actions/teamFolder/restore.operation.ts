import type { IDataObject } from 'n8n-workflow';

import { applied, unknownOutcome } from '../../../shared/client';
import type { OperationDefinition } from '../types';
import { call, checkTeamFolderId, folderNow, teamFolderIdField } from './common';

export const restore: OperationDefinition = {
	operation: 'restore',
	name: 'Restore',
	action: 'Restore a deleted team folder',
	description: 'Bring back a permanently deleted team folder while Dropbox still keeps it (a preview route of Dropbox)',
	routes: ['team/team_folder/restore', 'team/team_folder/get_info'],
	properties: [teamFolderIdField],
	async execute(ctx) {
		const id = checkTeamFolderId(ctx.check, 'Team Folder ID', ctx.param('teamFolderId'));
		const restored = await call<IDataObject>(ctx, 'team/team_folder/restore', { team_folder_id: id }, {
			reconcile: {
				whatToCheck: `whether team folder ${id} is back (Team Folder → Get)`,
				// Found again: restored. Still gone: Dropbox may not show deleted folders at all, so that tells nothing.
				check: async () => {
					const now = await folderNow(ctx, id);
					return now ? applied(now) : unknownOutcome;
				},
			},
		});
		return [{ json: restored }];
	},
};
