import type { IDataObject } from 'n8n-workflow';

import { paginate } from '../../../shared/paginate';
import { toItems } from '../common/output';
import { simplifyProperty } from '../common/options';
import type { OperationDefinition } from '../types';
import { call, checkEmail, checkMemberId } from './common';
import { simplifyMember } from './list.operation';

/** Dropbox looks members up by these selectors; account IDs are found in the member list. */
const SELECTOR_BY_KIND: Record<string, string> = { email: 'email', teamMemberId: 'team_member_id', externalId: 'external_id' };

export const get: OperationDefinition = {
	operation: 'get',
	name: 'Get',
	action: 'Get team members',
	description: 'Get one or more members by email, team member ID, external ID or account ID, one item per value',
	routes: ['team/members/get_info_v2', 'team/members/list_v2', 'team/members/list/continue_v2'],
	properties: [
		{
			displayName: 'Get By',
			name: 'by',
			type: 'options',
			options: [
				{ name: 'Account ID', value: 'accountId', description: 'The "account_id" (dbid:...); the team\'s member list is read to find it' },
				{ name: 'Email', value: 'email' },
				{ name: 'External ID', value: 'externalId', description: 'The ID the team\'s directory gave the member' },
				{ name: 'Team Member ID', value: 'teamMemberId', description: 'The "team_member_id" (dbmid:...)' },
			],
			default: 'email',
		},
		{
			displayName: 'Values',
			name: 'values',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'anna.berg@example.com, jonas@example.com',
			description: 'One or more values separated by commas; each gives one output item, with "found" false for those that match nobody',
		},
		simplifyProperty,
	],
	async execute(ctx) {
		const { check, param } = ctx;
		const by = param<string>('by', 'email');
		const values = check.list('Values', param('values'), (value) => {
			if (by === 'email') return checkEmail(check, 'Values', value);
			if (by === 'teamMemberId') return checkMemberId(check, 'Values', value);
			if (by === 'accountId') return check.accountId('Values', value);
			return value;
		});
		const shown = (info: IDataObject) => ({ found: true, ...(param('simplify', true) ? simplifyMember(info) : info) });
		if (by === 'accountId') {
			const pages = { rpc: async <T>(route: string, arg: unknown) => await call<T>(ctx, route, arg) };
			const { items } = await paginate<IDataObject>(pages, {
				route: 'team/members/list_v2',
				arg: { limit: 1000, include_removed: true },
				continueRoute: 'team/members/list/continue_v2',
				itemsKey: 'members',
			});
			const byAccount = new Map(items.map((info) => [(info.profile as IDataObject).account_id, info]));
			return toItems(values.map((id) => (byAccount.has(id) ? shown(byAccount.get(id)!) : { found: false, account_id: id })));
		}
		const tag = SELECTOR_BY_KIND[by];
		const { members_info: infos } = await call<{ members_info: IDataObject[] }>(ctx, 'team/members/get_info_v2', {
			members: values.map((value) => ({ '.tag': tag, [tag]: value })),
		});
		return toItems(infos.map((info, i) => (info['.tag'] === 'member_info' ? shown(info) : { found: false, [tag]: values[i] })));
	},
};
