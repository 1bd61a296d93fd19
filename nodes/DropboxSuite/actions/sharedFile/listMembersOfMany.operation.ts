import type { IDataObject } from 'n8n-workflow';

import { paginate } from '../../../shared/paginate';
import { toItems } from '../common/output';
import { explained, memberItems, memberPages } from './common';
import { manyFilesOperation } from './manyFiles';

/** Members per file in the batch answer: Dropbox's default (at most 3,000). */
const DEFAULT_PER_FILE = 1000;

export const listMembersOfMany = manyFilesOperation({
	operation: 'listMembersOfMany',
	name: 'List Members of Many Files',
	action: 'List the members of many files',
	description:
		'List the members of every input item\'s file in one Dropbox call per 100 files, one output item per file (members from parent folders are not included)',
	route: 'sharing/list_file_members/batch',
	moreRoutes: ['sharing/list_file_members/continue'],
	properties: [
		{
			displayName: 'Members per Call',
			name: 'membersPerCall',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 3000 },
			default: DEFAULT_PER_FILE,
			description: 'How many members of each file Dropbox returns in the batch call; a file with more is continued with further calls',
		},
	],
	settings({ check, param }) {
		const raw = param('membersPerCall', DEFAULT_PER_FILE);
		const limit = Number(raw);
		if (!Number.isInteger(limit) || limit < 1 || limit > 3000) check.fail('Members per Call', `"${String(raw)}" is not a number from 1 to 3000`, 'Give a whole number from 1 to 3000.');
		return { limit };
	},
	arg: (files, { limit }) => ({ files, limit }),
	async outcome({ dropbox, fn }, file, result) {
		const first = result.members as IDataObject;
		let members = memberItems(first);
		if (typeof first.cursor === 'string') {
			// More members than the batch returned for this file: the rest through the continue route.
			const rest = await explained(
				fn.getNode(),
				paginate<IDataObject>(memberPages(dropbox), {
					route: 'sharing/list_file_members/continue',
					arg: { cursor: first.cursor },
					continueRoute: 'sharing/list_file_members/continue',
					itemsKey: 'members',
				}),
			);
			members = [...members, ...rest.items];
		}
		return toItems({ file, member_count: result.member_count as number, members });
	},
});

