import type { IDataObject } from 'n8n-workflow';

import { batchOperation } from '../batch/batchOperation';
import { MEMBER_JOBS, checkEmail, checkRoleId, memberNow, statusOf } from './common';

/** Dropbox takes at most 20 new members in one team/members/add call. */
const ADD_BATCH_SIZE = 20;

export const add = batchOperation(
	{
		operation: 'add',
		name: 'Add',
		action: 'Add team members',
		description: 'Invite every input item\'s person to the team in calls of up to 20, one output item per member with its own outcome',
		launchRoute: 'team/members/add_v2',
		job: MEMBER_JOBS.add,
		batchSize: ADD_BATCH_SIZE,
		lookupRoutes: ['team/members/get_info_v2'],
		pickUp: 'the members show up in Team Member → List once Dropbox is done.',
		properties: [
			{
				displayName: 'Email',
				name: 'email',
				type: 'string',
				placeholder: 'anna.berg@example.com',
				required: true,
				default: '',
				description: 'The new member\'s email address',
			},
			{
				displayName: 'Send Welcome Email',
				name: 'sendWelcomeEmail',
				type: 'boolean',
				default: true,
				description: 'Whether Dropbox emails the new member an invitation; otherwise send it later with Send Welcome Email',
			},
			{
				displayName: 'Additional Fields',
				name: 'additionalFields',
				type: 'collection',
				placeholder: 'Add Field',
				default: {},
				// Not "Options": the batch's wait option is called that.
				options: [
				{ displayName: 'External ID', name: 'externalId', type: 'string', default: '', description: 'An ID from the team\'s directory (up to 64 characters)' },
				{ displayName: 'First Name', name: 'givenName', type: 'string', default: '' },
				{ displayName: 'Last Name', name: 'surname', type: 'string', default: '' },
				{ displayName: 'Persistent ID', name: 'persistentId', type: 'string', default: '', description: 'The single sign-on persistent ID (only for teams that use it)' },
				{
					displayName: 'Role IDs',
					name: 'roleIds',
					type: 'string',
					default: '',
					placeholder: 'pid_dbtmr:...',
					description: 'Admin roles to give, separated by commas, from List Available Roles; none makes a member without admin rights',
				},
				],
			},
		],
		entry({ check, param }) {
			const options = param<IDataObject>('additionalFields', {});
			const entry: IDataObject = { member_email: checkEmail(check, 'Email', param('email')), send_welcome_email: param('sendWelcomeEmail', true) };
			for (const [option, field, label] of [
				['givenName', 'member_given_name', 'First Name'],
				['surname', 'member_surname', 'Last Name'],
			] as const) {
				if (options[option] === undefined) continue;
				const value = String(options[option]).trim();
				if (!value) check.fail(label, 'is empty', `Give the member's ${label.toLowerCase()}, or remove the option.`);
				if (value.length > 100) check.fail(label, 'is longer than 100 characters', 'Shorten it.');
				entry[field] = value;
			}
			if (options.externalId !== undefined) {
				const externalId = check.required('External ID', options.externalId);
				if (externalId.length > 64) check.fail('External ID', 'is longer than 64 characters', 'Dropbox takes external IDs of up to 64 characters.');
				entry.member_external_id = externalId;
			}
			if (options.persistentId !== undefined) entry.member_persistent_id = check.required('Persistent ID', options.persistentId);
			if (options.roleIds !== undefined && String(options.roleIds).trim())
				entry.role_ids = check.list('Role IDs', options.roleIds, (id) => checkRoleId(check, 'Role IDs', id));
			return entry;
		},
		arg: (entries) => ({ new_members: entries }),
		// After a lost answer: someone on the team with the email now was added (or was already there).
		async done(dropbox, entry) {
			const info = await memberNow({ dropbox }, { '.tag': 'email', email: String(entry.member_email) });
			const status = statusOf(info);
			if (!info || status === 'removed') return undefined;
			const member = { ...info };
			delete member['.tag'];
			return member;
		},
		whatToCheck: (entry) => `whether ${String(entry.member_email)} is on the team (Team Member → Get by email)`,
	},
	'invited',
);
