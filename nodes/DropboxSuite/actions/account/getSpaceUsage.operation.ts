import type { IDataObject } from 'n8n-workflow';

import { toItems } from '../common/output';
import { simplifyProperty } from '../common/options';
import type { OperationDefinition } from '../types';

interface SpaceUsage {
	used: number;
	allocation: {
		'.tag': 'individual' | 'team' | 'other';
		allocated?: number;
		used?: number;
		user_within_team_space_allocated?: number;
	};
}

/** The limit that applies to this user: a per-member quota inside a team wins over the team's pool. */
function simplify({ used, allocation }: SpaceUsage): IDataObject {
	const memberQuota = allocation.user_within_team_space_allocated;
	const allocated = memberQuota ? memberQuota : (allocation.allocated ?? null);
	const teamUsed = allocation['.tag'] === 'team' && !memberQuota ? (allocation.used ?? used) : used;
	return {
		allocationType: allocation['.tag'],
		used,
		allocated,
		remaining: allocated === null ? null : Math.max(0, allocated - teamUsed),
		usedPercent: allocated ? Math.round((teamUsed / allocated) * 10_000) / 100 : null,
	};
}

export const getSpaceUsage: OperationDefinition = {
	operation: 'getSpaceUsage',
	name: 'Get Space Usage',
	action: 'Get the space usage of the account',
	description: 'Get how much space the account uses and how much it may use',
	routes: ['users/get_space_usage'],
	properties: [simplifyProperty],
	async execute({ dropbox, param }) {
		const usage = await dropbox.rpc<SpaceUsage>('users/get_space_usage');
		return toItems(param('simplify', true) ? simplify(usage) : (usage as unknown as IDataObject));
	},
};
