// @ts-check
'use strict';

const { routeError } = require('../answers');
const { tag, fullTeam, teamMemberProfile } = require('../views');

/** @typedef {import('../dispatch').Context} Context */

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

	'team/token/get_authenticated_admin': ({ state: { store }, caller }) => {
		const linker = store.accounts.get(/** @type {string} */ (caller.grant?.accountId));
		if (!linker || linker.role !== 'team_admin') throw routeError({ '.tag': 'admin_not_active' });
		return { admin_profile: teamMemberProfile(linker) };
	},
};
