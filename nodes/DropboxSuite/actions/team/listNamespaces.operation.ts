import type { IDataObject } from 'n8n-workflow';

import { paginate } from '../../../shared/paginate';
import { limitOf, returnAllProperties, toItems } from '../common/output';
import type { OperationDefinition } from '../types';

export const listNamespaces: OperationDefinition = {
	operation: 'listNamespaces',
	name: 'List Namespaces',
	action: 'List the team\'s namespaces',
	description: 'List the namespaces the team owns (team space, team folders, members\' folders), one item each, for Path Root "Namespace"',
	routes: ['team/namespaces/list', 'team/namespaces/list/continue'],
	properties: [...returnAllProperties],
	async execute({ dropbox, param }) {
		const limit = limitOf(param);
		const { items } = await paginate<IDataObject>(dropbox, {
			route: 'team/namespaces/list',
			arg: { limit: Math.min(limit ?? 1000, 1000) },
			continueRoute: 'team/namespaces/list/continue',
			itemsKey: 'namespaces',
			limit,
		});
		return toItems(items.map((row) => ({ ...row, namespace_type: (row.namespace_type as IDataObject | undefined)?.['.tag'] ?? null })));
	},
};
