import type { IDataObject } from 'n8n-workflow';

import { applied, notApplied } from '../../../shared/client';
import { awaitJob } from '../../../shared/jobs';
import type { OperationDefinition } from '../types';
import { MEMBER_JOBS, call, memberField, memberNow, memberOf, statusOf, withHint } from './common';

export const remove: OperationDefinition = {
	operation: 'remove',
	name: 'Remove',
	action: 'Remove a team member',
	description: 'Remove a member from the team: transfer their files to another member, or keep their account as a Basic account',
	routes: ['team/members/remove', 'team/members/remove/job_status/get', 'team/members/get_info_v2'],
	properties: [
		memberField('member', 'Member', 'The member to remove: their email or team member ID'),
		{
			displayName: 'Their Files',
			name: 'files',
			type: 'options',
			options: [
				{ name: 'Keep Account as Basic', value: 'keepAccount', description: 'The person keeps a free Basic account with their files that are not restricted to the team' },
				{ name: 'Leave With the Team', value: 'leave', description: 'The files stay with the team; the member can be recovered for 7 days' },
				{ name: 'Transfer to Another Member', value: 'transfer', description: 'The files go to another member, and an admin receives any errors' },
			],
			default: 'leave',
		},
		memberField('transferTo', 'Transfer To', 'The member who receives the files', { displayOptions: { show: { files: ['transfer'] } } }),
		memberField('transferAdmin', 'Transfer Admin', 'The team admin who is told about any errors of the transfer', { displayOptions: { show: { files: ['transfer'] } } }),
		{
			displayName: 'Wipe Data',
			name: 'wipeData',
			type: 'boolean',
			default: true,
			displayOptions: { show: { files: ['leave', 'transfer'] } },
			description: 'Whether to delete the team\'s files from the member\'s linked devices when they next come online',
		},
		{
			displayName: 'Wait for Completion',
			name: 'wait',
			type: 'boolean',
			default: true,
			description: 'Whether to wait until Dropbox has finished; otherwise the output holds the job ID (async_job_id) while Dropbox works on',
		},
	],
	async execute(ctx) {
		const user = memberOf(ctx, 'member', 'Member');
		const files = ctx.param<string>('files', 'leave');
		const arg: IDataObject = { user, wipe_data: files === 'keepAccount' ? false : ctx.param('wipeData', true), keep_account: files === 'keepAccount' };
		if (files === 'transfer') {
			arg.transfer_dest_id = memberOf(ctx, 'transferTo', 'Transfer To');
			arg.transfer_admin_id = memberOf(ctx, 'transferAdmin', 'Transfer Admin');
			if (JSON.stringify(arg.transfer_dest_id) === JSON.stringify(user))
				ctx.check.fail('Transfer To', 'is the member being removed', 'Choose another member to receive the files.');
		}
		const launched = await call<IDataObject>(ctx, 'team/members/remove', arg, {
			reconcile: {
				whatToCheck: 'whether the member shows as removed in Team Member → Get',
				// Removed already: done. Still on the team: nothing happened, so it is sent again.
				check: async () => {
					const status = statusOf(await memberNow(ctx, user));
					if (status === 'removed') return applied({ '.tag': 'complete' });
					return status ? notApplied : { applied: 'unknown' };
				},
			},
		});
		const base = { member: user[user['.tag'] as keyof typeof user] };
		if (launched['.tag'] === 'complete') return [{ json: { ...base, status: 'complete' } }];
		if (!ctx.param('wait', true)) return [{ json: { ...base, status: 'in_progress', async_job_id: launched.async_job_id } }];
		const state = await awaitJob(ctx.dropbox, ctx.fn.getNode(), MEMBER_JOBS.remove, launched, { itemIndex: ctx.itemIndex }).catch((error: unknown) => withHint(ctx, error));
		if (state.status === 'in_progress') return [{ json: { ...base, status: 'in_progress', async_job_id: state.asyncJobId } }];
		return [{ json: { ...base, status: 'complete' } }];
	},
};
