import type { IDataObject } from 'n8n-workflow';

import { applied, notApplied, unknownOutcome } from '../../../shared/client';
import { accessLevelField, memberSelectors, membersField } from '../common/members';
import { optionsCollection } from '../common/options';
import { toItems } from '../common/output';
import type { OperationDefinition } from '../types';
import { LOCATOR_ROUTES, allMembers, call, includesMember, sharedFolderId, sharedFolderLocator } from './common';

export const addMembers: OperationDefinition = {
	operation: 'addMembers',
	name: 'Add Members',
	action: 'Add members to a shared folder',
	description: 'Invite people to a shared folder by email or account ID; they see the invitation and mount the folder',
	routes: ['sharing/add_folder_member', 'sharing/list_folder_members', 'sharing/list_folder_members/continue', ...LOCATOR_ROUTES],
	properties: [
		sharedFolderLocator(),
		membersField(),
		accessLevelField(),
		optionsCollection([
			{ displayName: 'Custom Message', name: 'customMessage', type: 'string', default: '', description: 'A message for the invitation' },
			{ displayName: 'Quiet', name: 'quiet', type: 'boolean', default: false, description: 'Whether to add them without sending invitation emails' },
		]),
	],
	async execute(ctx) {
		const members = memberSelectors(ctx.check, 'Members', ctx.param('members', ''));
		const accessLevel = ctx.param<string>('accessLevel', 'viewer');
		const options = ctx.param<IDataObject>('options', {});
		const id = await sharedFolderId(ctx);
		const arg: IDataObject = {
			shared_folder_id: id,
			members: members.map((member) => ({ member, access_level: accessLevel })),
			quiet: options.quiet === true,
		};
		const message = String(options.customMessage ?? '').trim();
		if (message) arg.custom_message = message;
		await call(ctx, 'sharing/add_folder_member', arg, {
			reconcile: {
				whatToCheck: `whether ${members.length === 1 ? 'the member is' : 'the members are'} in shared folder ${id}`,
				// Dropbox adds all or none: all there means done (members who were there before stay as they were).
				async check() {
					const rows = await allMembers(ctx, id);
					const present = members.filter((member) => includesMember(rows, member)).length;
					return present === members.length ? applied(null) : present === 0 ? notApplied : unknownOutcome;
				},
			},
		});
		const added = members.map((member) => ({ ...member, access_level: accessLevel }));
		return toItems({ shared_folder_id: id, members: added as unknown as IDataObject[] });
	},
};
