import type { IDataObject } from 'n8n-workflow';

import { applied, notApplied } from '../../../shared/client';
import { optionsCollection } from '../common/options';
import type { OperationDefinition } from '../types';
import { CREATE_HINTS, SYNC_SETTING_OPTIONS, call, checkFolderName } from './common';

export const create: OperationDefinition = {
	operation: 'create',
	name: 'Create',
	action: 'Create a team folder',
	description: 'Create an active team folder without members (only for teams without a team space)',
	routes: ['team/team_folder/create', 'team/team_folder/list', 'team/team_folder/list/continue'],
	properties: [
		{ displayName: 'Name', name: 'name', type: 'string', required: true, default: '', placeholder: 'Marketing' },
		optionsCollection([{ displayName: 'Sync Setting', name: 'syncSetting', type: 'options', options: SYNC_SETTING_OPTIONS, default: 'default' }]),
	],
	async execute(ctx) {
		const name = checkFolderName(ctx.check, 'Name', ctx.param('name'));
		const options = ctx.param<IDataObject>('options', {});
		const arg: IDataObject = { name, ...(options.syncSetting && { sync_setting: options.syncSetting }) };
		const created = await call<IDataObject>(ctx, 'team/team_folder/create', arg, {
			hints: CREATE_HINTS,
			reconcile: {
				whatToCheck: `whether a team folder "${name}" exists (Team Folder → List)`,
				// An active team folder with the name now: made by the lost call (names are unique among team folders).
				check: async () => {
					let page = await ctx.dropbox.rpc<IDataObject>('team/team_folder/list', { limit: 1000 });
					for (;;) {
						const found = ((page.team_folders as IDataObject[] | undefined) ?? []).find((f) => String(f.name).toLowerCase() === name.toLowerCase());
						if (found) return applied(found);
						if (!page.has_more) return notApplied;
						page = await ctx.dropbox.rpc<IDataObject>('team/team_folder/list/continue', { cursor: page.cursor });
					}
				},
			},
		});
		return [{ json: created }];
	},
};
