import type { IDataObject } from 'n8n-workflow';

import { paginate } from '../../../shared/paginate';
import { limitOf, returnAllProperties, toItems } from '../common/output';
import type { OperationDefinition } from '../types';
import { call } from './common';

export const list: OperationDefinition = {
	operation: 'list',
	name: 'List',
	action: 'List team folders',
	description: 'List the team\'s team folders (and its team space, if it has one), one item each',
	routes: ['team/team_folder/list', 'team/team_folder/list/continue'],
	properties: [...returnAllProperties],
	async execute(ctx) {
		const limit = limitOf(ctx.param);
		const pages = { rpc: async <T>(route: string, arg: unknown) => await call<T>(ctx, route, arg) };
		const { items } = await paginate<IDataObject>(pages, {
			route: 'team/team_folder/list',
			arg: { limit: Math.min(limit ?? 1000, 1000) },
			continueRoute: 'team/team_folder/list/continue',
			itemsKey: 'team_folders',
			limit,
		});
		return toItems(items);
	},
};
