// @ts-check
'use strict';

const { routeError } = require('../answers');
const { tag, fullTeam, teamMemberProfile } = require('../views');

/** @typedef {import('../dispatch').Context} Context */

/**
 * One page of team/members/list_v2: TeamMemberInfoV2 entries from `start`, with a cursor that encodes the next start.
 * @param {import('../store').Store} store @param {number} start @param {number} limit
 */
function membersPage(store, start, limit) {
	const team = /** @type {import('../store').Team} */ (store.team);
	const members = team.memberIds.map((id) => /** @type {import('../store').Account} */ (store.members.get(id)));
	const page = members.slice(start, start + limit);
	const next = start + page.length;
	return {
		members: page.map((member) => ({
			profile: teamMemberProfile(member),
			roles: member.role === 'team_admin' ? [{ role_id: 'pid_dbtmr:team_admin', name: 'Team', description: 'Team admin' }] : [],
		})),
		cursor: Buffer.from(JSON.stringify({ start: next, limit })).toString('base64url'),
		has_more: next < members.length,
	};
}

/** @type {Record<string, (ctx: Context) => unknown>} */
module.exports = {
	'team/get_info': ({ state: { store } }) => {
		const team = /** @type {import('../store').Team} */ (store.team);
		return {
			name: team.name,
			team_id: team.team_id,
			num_licensed_users: team.num_licensed_users,
			num_provisioned_users: team.memberIds.length,
			num_used_licenses: team.memberIds.length,
			policies: {
				sharing: fullTeam(team).sharing_policies,
				emm_state: tag('disabled'),
				office_addin: tag('disabled'),
				suggest_members_policy: tag('enabled'),
				top_level_content_policy: tag('admin_only'),
			},
		};
	},

	'team/members/list_v2': (ctx) => {
		const limit = ctx.arg.limit ?? 1000;
		if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw ctx.argError('limit', `${limit} is not within range [1, 1000]`);
		return membersPage(ctx.state.store, 0, limit);
	},

	'team/members/list/continue_v2': (ctx) => {
		let position;
		try {
			position = JSON.parse(Buffer.from(String(ctx.arg.cursor), 'base64url').toString('utf8'));
		} catch {
			throw routeError({ '.tag': 'invalid_cursor' });
		}
		if (!Number.isInteger(position?.start) || !Number.isInteger(position?.limit)) throw routeError({ '.tag': 'invalid_cursor' });
		return membersPage(ctx.state.store, position.start, position.limit);
	},

	'team/token/get_authenticated_admin': ({ state: { store }, caller }) => {
		const linker = store.accounts.get(/** @type {string} */ (caller.grant?.accountId));
		if (!linker || linker.role !== 'team_admin') throw routeError({ '.tag': 'admin_not_active' });
		return { admin_profile: teamMemberProfile(linker) };
	},
};
