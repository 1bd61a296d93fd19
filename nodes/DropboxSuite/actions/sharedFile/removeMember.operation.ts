import type { IDataObject } from 'n8n-workflow';

import { applied, notApplied } from '../../../shared/client';
import { locatorMember, memberLocator } from '../common/members';
import { toItems } from '../common/output';
import type { OperationDefinition } from '../types';
import { explained, fileLocator, fileOf, hasMember, memberError, memberKeysOf, memberText } from './common';

export const removeMember: OperationDefinition = {
	operation: 'removeMember',
	name: 'Remove Member',
	action: 'Remove a member from a file',
	description: 'Stop sharing a file with one person (a member or an invitation)',
	routes: ['sharing/remove_file_member_2', 'sharing/list_file_members', 'sharing/list_file_members/continue'],
	properties: [fileLocator(), memberLocator('member', 'Member', 'searchFileMembers')],
	async execute(ctx) {
		const { dropbox, check, param, fn, itemIndex } = ctx;
		const file = fileOf(ctx);
		const member = locatorMember(check, 'Member', param('member'));
		const result = await explained(
			fn.getNode(),
			dropbox.rpc<IDataObject>(
				'sharing/remove_file_member_2',
				{ file, member },
				{
					// After a lost answer: a member no longer on the file is removed (the state asked for); still there, not done.
					reconcile: {
						whatToCheck: `whether ${memberText(member)} is still a member of "${file}"`,
						check: async () =>
							hasMember(await memberKeysOf(dropbox, file), member) ? notApplied : applied<IDataObject>({ '.tag': 'success', success: {}, reconciled: true }),
					},
				},
			),
		);
		// Dropbox answers a member it cannot remove with 200 and member_error.
		if (result['.tag'] === 'member_error') throw memberError(fn.getNode(), 'sharing/remove_file_member_2', result.member_error as IDataObject, itemIndex);
		const rest = (result.success as IDataObject | undefined) ?? {};
		return toItems({ file, member: memberText(member), removed: true, ...rest, ...(result.reconciled === true && { reconciled: true }) });
	},
};
