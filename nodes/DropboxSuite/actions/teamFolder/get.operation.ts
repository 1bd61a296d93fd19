import type { IDataObject } from 'n8n-workflow';

import { toItems } from '../common/output';
import type { OperationDefinition } from '../types';
import { call, checkTeamFolderId } from './common';

export const get: OperationDefinition = {
	operation: 'get',
	name: 'Get',
	action: 'Get team folders',
	description: 'Get one or more team folders by ID, one item each, with "found" false for IDs no team folder has',
	routes: ['team/team_folder/get_info'],
	properties: [
		{
			displayName: 'Team Folder IDs',
			name: 'teamFolderIds',
			type: 'string',
			required: true,
			default: '',
			placeholder: '1234567890, 1234567891',
			description: 'Team folder IDs separated by commas (at most 100)',
		},
	],
	async execute(ctx) {
		const ids = [...new Set(ctx.check.list('Team Folder IDs', ctx.param('teamFolderIds'), (id) => checkTeamFolderId(ctx.check, 'Team Folder IDs', id)))];
		if (ids.length > 100) ctx.check.fail('Team Folder IDs', `has ${ids.length} IDs`, 'Dropbox takes at most 100 at once: split them over several items.');
		const items = await call<IDataObject[]>(ctx, 'team/team_folder/get_info', { team_folder_ids: ids });
		return toItems(
			items.map((item, i) => {
				if (item['.tag'] !== 'team_folder_metadata') return { found: false, team_folder_id: ids[i] };
				const metadata: IDataObject = { found: true, ...item };
				delete metadata['.tag'];
				return metadata;
			}),
		);
	},
};
