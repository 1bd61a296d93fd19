import type { IDataObject } from 'n8n-workflow';

import { applied, notApplied } from '../../../shared/client';
import { paginate } from '../../../shared/paginate';
import { toItems } from '../common/output';
import type { OperationDefinition } from '../types';
import { MEMBERS_PAGE, explained, fileLocator, fileOf, memberPages } from './common';

export const unshare: OperationDefinition = {
	operation: 'unshare',
	name: 'Unshare',
	action: 'Unshare a file',
	description: 'Remove every member and invitation from a file (members from a parent shared folder keep their access)',
	routes: ['sharing/unshare_file', 'sharing/list_file_members', 'sharing/list_file_members/continue'],
	properties: [fileLocator()],
	async execute(ctx) {
		const { dropbox, fn } = ctx;
		const file = fileOf(ctx);
		await explained(
			fn.getNode(),
			dropbox.rpc('sharing/unshare_file', { file }, {
				// After a lost answer: only the owner left on the file means it was unshared; anyone else, it was not.
				reconcile: {
					whatToCheck: `the members of "${file}" (Shared File → List Members)`,
					async check() {
						const { items } = await paginate<IDataObject>(memberPages(dropbox), {
							route: 'sharing/list_file_members',
							arg: { file, include_inherited: false, limit: MEMBERS_PAGE },
							continueRoute: 'sharing/list_file_members/continue',
							itemsKey: 'members',
						});
						const others = items.filter((member) => (member.access_type as IDataObject | undefined)?.['.tag'] !== 'owner');
						return others.length ? notApplied : applied(null);
					},
				},
			}),
		);
		return toItems({ file, unshared: true });
	},
};
