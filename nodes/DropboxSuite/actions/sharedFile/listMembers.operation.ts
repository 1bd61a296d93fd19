import type { IDataObject } from 'n8n-workflow';

import { paginate } from '../../../shared/paginate';
import { limitOf, returnAllProperties, toItems } from '../common/output';
import type { OperationDefinition } from '../types';
import { MEMBERS_PAGE, explained, fileLocator, fileOf, memberPages } from './common';

export const listMembers: OperationDefinition = {
	operation: 'listMembers',
	name: 'List Members',
	action: 'List the members of a file',
	description: 'List the people a file is shared with (users, groups and invitations), one item per member',
	routes: ['sharing/list_file_members', 'sharing/list_file_members/continue'],
	properties: [
		fileLocator(),
		...returnAllProperties,
		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add option',
			default: {},
			options: [
				{
					displayName: 'Include Inherited',
					name: 'includeInherited',
					type: 'boolean',
					default: true,
					description: 'Whether to include members who have the file only through a parent shared folder',
				},
			],
		},
	],
	async execute(ctx) {
		const { dropbox, param, fn } = ctx;
		const file = fileOf(ctx);
		const limit = limitOf(param);
		const options = param<IDataObject>('options', {});
		const page = await explained(
			fn.getNode(),
			paginate<IDataObject>(memberPages(dropbox), {
				route: 'sharing/list_file_members',
				arg: { file, include_inherited: options.includeInherited !== false, limit: Math.min(limit ?? MEMBERS_PAGE, MEMBERS_PAGE) },
				continueRoute: 'sharing/list_file_members/continue',
				itemsKey: 'members',
				limit,
			}),
		);
		return toItems(page.items.map((member) => ({ file, ...member })));
	},
};
