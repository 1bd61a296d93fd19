import type { IDataObject } from 'n8n-workflow';

import type { OperationDefinition } from '../types';
import { call, checkEmail, memberField, memberOf } from './common';
import { simplifyMember } from './list.operation';
import { simplifyProperty } from '../common/options';

export const setProfile: OperationDefinition = {
	operation: 'setProfile',
	name: 'Set Profile',
	action: 'Update a team member\'s profile',
	description: 'Change a member\'s email, name, external ID or persistent ID',
	routes: ['team/members/set_profile_v2'],
	properties: [
		memberField('member', 'Member', 'The member to change: their email or team member ID'),
		{
			displayName: 'Update Fields',
			name: 'updateFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			options: [
				{ displayName: 'Email', name: 'email', type: 'string', default: '', placeholder: 'anna.berg@example.com' },
				{ displayName: 'External ID', name: 'externalId', type: 'string', default: '', description: 'The ID from the team\'s directory (up to 64 characters)' },
				{ displayName: 'First Name', name: 'givenName', type: 'string', default: '' },
				{ displayName: 'Last Name', name: 'surname', type: 'string', default: '' },
				{ displayName: 'Persistent ID', name: 'persistentId', type: 'string', default: '', description: 'The single sign-on persistent ID' },
			],
		},
		simplifyProperty,
	],
	async execute(ctx) {
		const { check } = ctx;
		const user = memberOf(ctx, 'member', 'Member');
		const fields = ctx.param<IDataObject>('updateFields', {});
		const arg: IDataObject = { user };
		if (fields.email !== undefined) arg.new_email = checkEmail(check, 'Email', fields.email);
		if (fields.givenName !== undefined) arg.new_given_name = check.required('First Name', fields.givenName);
		if (fields.surname !== undefined) arg.new_surname = check.required('Last Name', fields.surname);
		if (fields.externalId !== undefined) {
			const externalId = check.required('External ID', fields.externalId);
			if (externalId.length > 64) check.fail('External ID', 'is longer than 64 characters', 'Dropbox takes external IDs of up to 64 characters.');
			arg.new_external_id = externalId;
		}
		if (fields.persistentId !== undefined) arg.new_persistent_id = check.required('Persistent ID', fields.persistentId);
		if (Object.keys(arg).length === 1) check.fail('Update Fields', 'is empty', 'Add at least one field to change.');
		const { member_info: info } = await call<{ member_info: IDataObject }>(ctx, 'team/members/set_profile_v2', arg);
		return [{ json: ctx.param('simplify', true) ? simplifyMember(info) : info }];
	},
};
