// @ts-check
'use strict';

const { routeError } = require('../answers');
const { tag, fullTeam, teamMemberProfile } = require('../views');

/**
 * The team itself: its info, feature values, the namespaces it owns, and the admin who linked the app.
 * Members are in team-members.js, team folders in team-folders.js.
 *
 * @typedef {import('../dispatch').Context} Context
 * @typedef {import('../store').Team} Team
 */

/** @param {Context} ctx */
const teamOf = (ctx) => /** @type {Team} */ (ctx.state.store.team);

/** Members on the team (any status but removed). @param {Context} ctx */
const onTeam = (ctx) => teamOf(ctx).memberIds.map((id) => ctx.state.store.members.get(id)).filter((m) => m && m.status !== 'removed');

/**
 * team.NamespaceMetadata of every namespace the team owns: the team space (a team folder), the team folders, and
 * each member's home (team_member_folder, with the member). Assumed: removed members' homes are left out, and
 * shared folders (owned by members) are listed only when a team folder records them, which the stand-in does not.
 * @param {Context} ctx
 */
function teamNamespaces(ctx) {
	const { store } = ctx.state;
	const team = teamOf(ctx);
	/** @type {Array<{ name: string, namespace_id: string, namespace_type: { '.tag': string }, team_member_id?: string }>} */
	const rows = [{ name: team.name, namespace_id: team.root_namespace_id, namespace_type: tag('team_folder') }];
	for (const folder of team.teamFolders?.values() ?? [])
		if (folder.status !== 'deleted') rows.push({ name: folder.name, namespace_id: folder.team_folder_id, namespace_type: tag('team_folder') });
	for (const member of onTeam(ctx)) {
		if (!member) continue;
		const home = store.namespace(member.home_namespace_id);
		rows.push({ name: home.name, namespace_id: home.id, namespace_type: tag('team_member_folder'), team_member_id: member.team_member_id });
	}
	return rows;
}

/** A page of namespaces from `start`; the cursor encodes the next start and the limit. */
function namespacesPage(/** @type {Context} */ ctx, /** @type {number} */ start, /** @type {number} */ limit) {
	const rows = teamNamespaces(ctx);
	const page = rows.slice(start, start + limit);
	const next = start + page.length;
	return { namespaces: page, cursor: Buffer.from(JSON.stringify({ ns: next, limit })).toString('base64url'), has_more: next < rows.length };
}

/** @type {Record<string, (ctx: Context) => unknown>} */
module.exports = {
	'team/get_info': (ctx) => {
		const team = teamOf(ctx);
		const provisioned = onTeam(ctx).length;
		return {
			name: team.name,
			team_id: team.team_id,
			num_licensed_users: team.num_licensed_users,
			num_provisioned_users: provisioned,
			num_used_licenses: provisioned,
			policies: {
				sharing: fullTeam(team).sharing_policies,
				emm_state: tag('disabled'),
				office_addin: tag('disabled'),
				suggest_members_policy: tag('enabled'),
				top_level_content_policy: tag('admin_only'),
			},
		};
	},

	'team/features/get_values': (ctx) => {
		const { features } = ctx.arg;
		if (!Array.isArray(features)) throw ctx.argError('features', 'expected list');
		if (!features.length) throw routeError({ '.tag': 'empty_features_list' });
		const teamSpace = teamOf(ctx).teamSpace !== false;
		/** @type {Record<string, () => unknown>} */
		const values = {
			upload_api_rate_limit: () => ({ '.tag': 'limit', limit: 25000 }),
			has_team_shared_dropbox: () => ({ '.tag': 'has_team_shared_dropbox', has_team_shared_dropbox: teamSpace }),
			has_team_file_events: () => ({ '.tag': 'enabled', enabled: true }),
			has_team_selective_sync: () => ({ '.tag': 'has_team_selective_sync', has_team_selective_sync: true }),
			has_distinct_member_homes: () => ({ '.tag': 'has_distinct_member_homes', has_distinct_member_homes: teamSpace }),
		};
		return {
			values: features.map((feature, i) => {
				const name = typeof feature === 'string' ? feature : feature?.['.tag'];
				if (!(name in values)) throw ctx.argError(`features[${i}]`, `unknown tag '${name}'`);
				return { '.tag': name, [name]: values[name]() };
			}),
		};
	},

	'team/namespaces/list': (ctx) => {
		const limit = ctx.arg?.limit ?? 1000;
		if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw ctx.argError('limit', `${limit} is not within range [1, 1000]`);
		return namespacesPage(ctx, 0, limit);
	},

	'team/namespaces/list/continue': (ctx) => {
		let position;
		try {
			position = JSON.parse(Buffer.from(String(ctx.arg.cursor), 'base64url').toString('utf8'));
		} catch {
			throw routeError({ '.tag': 'invalid_cursor' });
		}
		if (!Number.isInteger(position?.ns) || !Number.isInteger(position?.limit)) throw routeError({ '.tag': 'invalid_cursor' });
		return namespacesPage(ctx, position.ns, position.limit);
	},

	'team/token/get_authenticated_admin': ({ state: { store }, caller }) => {
		const linker = store.accounts.get(/** @type {string} */ (caller.grant?.accountId));
		if (!linker || linker.role !== 'team_admin') throw routeError({ '.tag': 'admin_not_active' });
		if (linker.status === 'suspended' || linker.status === 'removed') throw routeError({ '.tag': 'admin_not_active' });
		return { admin_profile: teamMemberProfile(linker) };
	},
};
