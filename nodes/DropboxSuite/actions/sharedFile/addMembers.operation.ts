import type { IDataObject } from 'n8n-workflow';

import type { Reconcile } from '../../../shared/client';
import { applied, notApplied, unknownOutcome } from '../../../shared/client';
import type { MemberSelector } from '../common/members';
import { accessLevelField, memberSelectors, membersField } from '../common/members';
import { optionsCollection } from '../common/options';
import { toItems } from '../common/output';
import type { OperationDefinition } from '../types';
import { explained, fileLocator, fileOf, hasMember, memberErrorText, memberKeysOf, memberText } from './common';

type MemberResult = { member: IDataObject; result: IDataObject };

/**
 * After an Add Members answer was lost: when every member is on the file now, it was done (the answer is rebuilt
 * from the members list); when none is, nothing was done and it is sent again; some but not all cannot be told
 * (some may have been members before).
 */
function added(dropbox: Parameters<typeof memberKeysOf>[0], file: string, members: MemberSelector[]): Reconcile<MemberResult[]> {
	return {
		whatToCheck: `the members of "${file}" (Shared File → List Members)`,
		async check() {
			const keys = await memberKeysOf(dropbox, file);
			const present = members.filter((member) => hasMember(keys, member));
			if (present.length === members.length) return applied(members.map((member) => ({ member, result: { '.tag': 'success', reconciled: true } })));
			return present.length === 0 ? notApplied : unknownOutcome;
		},
	};
}

export const addMembers: OperationDefinition = {
	operation: 'addMembers',
	name: 'Add Members',
	action: 'Add members to a file',
	description: 'Share a file with people by email address or Dropbox account ID; one output item per member with its outcome',
	routes: ['sharing/add_file_member', 'sharing/list_file_members', 'sharing/list_file_members/continue'],
	properties: [
		fileLocator(),
		membersField(),
		accessLevelField(),
		optionsCollection([
			{
				displayName: 'Message',
				name: 'customMessage',
				type: 'string',
				typeOptions: { rows: 3 },
				default: '',
				description: 'A message Dropbox sends to the new members with their invitation',
			},
			{
				displayName: 'Quiet',
				name: 'quiet',
				type: 'boolean',
				default: false,
				description: 'Whether to add the members without notifying them by email or on their devices',
			},
			{
				displayName: 'Add Message as Comment',
				name: 'addMessageAsComment',
				type: 'boolean',
				default: false,
				description: 'Whether to also post the message as a comment on the file (Dropbox offers this for Paper files)',
			},
		]),
	],
	async execute(ctx) {
		const { dropbox, check, param, fn } = ctx;
		const file = fileOf(ctx);
		const members = memberSelectors(check, 'Members', param('members'));
		const options = param<IDataObject>('options', {});
		const customMessage = String(options.customMessage ?? '').trim();
		const arg: IDataObject = {
			file,
			members,
			access_level: param('accessLevel', 'viewer'),
			quiet: options.quiet === true,
			add_message_as_comment: options.addMessageAsComment === true,
			...(customMessage && { custom_message: customMessage }),
		};
		const results = await explained(fn.getNode(), dropbox.rpc<MemberResult[]>('sharing/add_file_member', arg, { reconcile: added(dropbox, file, members) }));
		// Each member has its own outcome: one refused member does not undo the others.
		return toItems(
			results.map(({ member, result }, i) => {
				const base = { file, member: memberText(members[i] ?? (member as MemberSelector)) };
				if (result['.tag'] === 'success') {
					const level = (result.success as IDataObject | undefined)?.['.tag'];
					return { ...base, success: true, ...(level !== undefined && { access_level: level }), ...(result.reconciled === true && { reconciled: true }) };
				}
				const { error, description } = memberErrorText(result.member_error as IDataObject);
				return { ...base, success: false, error, description, member_error: result.member_error as IDataObject };
			}),
		);
	},
};
